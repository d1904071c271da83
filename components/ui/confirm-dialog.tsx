'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useCallback, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useI18n } from '@/components/providers/i18n-provider';
import { useErrorText } from './field-errors';

/** What the dialog says; the caller's words, already translated. */
export interface ConfirmWords {
  title: ReactNode;
  description?: ReactNode;
  /** The confirm button's label (default 确定 / Confirm). */
  confirmLabel?: ReactNode;
  /** The cancel button's label (default 取消 / Cancel). */
  cancelLabel?: ReactNode;
  /** Red confirm button, for what cannot be undone (remove, end, cancel an order). */
  destructive?: boolean;
}

/**
 * Runs when the user confirms. A promise keeps the dialog open and the buttons disabled until
 * it settles: it closes on success and stays open on a refusal, showing the refusal in the
 * user's words (or the caller's `error`), so they can cancel or try again.
 */
type ConfirmAction = () => unknown;

interface PanelProps extends ConfirmWords {
  pending: boolean;
  error?: ReactNode;
  /** What the action threw, shown through useErrorText when the caller gives no `error`. */
  failure?: unknown;
  onConfirm: () => void;
}

// Radix gives the focus trap, Esc to cancel, aria-modal, and the title/description wiring
// (aria-labelledby / aria-describedby); focus starts on Cancel, the safe answer, and goes back
// to what opened the dialog when it closes.
function Panel({ title, description, confirmLabel, cancelLabel, destructive, pending, error, failure, onConfirm }: PanelProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const refusal = error ?? (failure ? errorText(failure as Parameters<typeof errorText>[0]) : null);
  return (
    <AlertDialog.Portal>
      <AlertDialog.Overlay className="fixed inset-0 z-50 bg-black/40" />
      <AlertDialog.Content
        data-testid="confirm-dialog"
        onEscapeKeyDown={(event) => {
          if (pending) event.preventDefault();
        }}
        className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 shadow-xl focus:outline-none"
      >
        <AlertDialog.Title className="text-base font-semibold break-words text-zinc-900">{title}</AlertDialog.Title>
        {description ? (
          <AlertDialog.Description className="mt-2 text-sm break-words text-zinc-600">{description}</AlertDialog.Description>
        ) : (
          // Radix warns when an alert dialog has no description; the title says it all here.
          <AlertDialog.Description className="sr-only">{title}</AlertDialog.Description>
        )}
        {refusal ? (
          <p role="alert" className="mt-3 text-sm break-words text-red-600">
            {refusal}
          </p>
        ) : null}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <AlertDialog.Cancel
            disabled={pending}
            className="rounded-md border border-zinc-300 px-4 py-2 text-sm text-zinc-700 hover:bg-zinc-100 disabled:opacity-50"
          >
            {cancelLabel ?? t('confirm.cancel')}
          </AlertDialog.Cancel>
          <AlertDialog.Action
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={(event) => {
              // Close ourselves once the action is done, not on the click.
              event.preventDefault();
              onConfirm();
            }}
            className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-60 ${
              destructive ? 'bg-red-600 hover:bg-red-700' : 'bg-brand hover:opacity-90'
            }`}
          >
            {pending ? t('confirm.pending') : (confirmLabel ?? t('confirm.ok'))}
          </AlertDialog.Action>
        </div>
      </AlertDialog.Content>
    </AlertDialog.Portal>
  );
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Open/pending bookkeeping shared by the component and the hook. */
function useRunner() {
  const [open, setOpenState] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const setOpen = useCallback((next: boolean) => {
    if (next) setFailure(null);
    setOpenState(next);
  }, []);
  const run = useCallback(async (action: ConfirmAction | undefined) => {
    setFailure(null);
    const result = action?.();
    if (!isPromise(result)) {
      setOpenState(false);
      return true;
    }
    setPending(true);
    try {
      await result;
      setOpenState(false);
      return true;
    } catch (caught) {
      setFailure(caught ?? new Error('refused'));
      return false; // stays open, saying why
    } finally {
      setPending(false);
    }
  }, []);
  return { open, setOpen, pending, failure, run };
}

export interface ConfirmDialogProps extends ConfirmWords {
  /** The button that opens the dialog (rendered as is, with the dialog's aria wiring). */
  children: ReactElement;
  onConfirm: ConfirmAction;
  /** Pending from outside, e.g. a mutation's isPending when onConfirm does not return its promise. */
  pending?: boolean;
  error?: ReactNode;
}

/**
 * An in-app confirmation around its trigger:
 * `<ConfirmDialog title={question} destructive onConfirm={() => m.mutateAsync(v)}><button>…</button></ConfirmDialog>`
 */
export function ConfirmDialog({ children, onConfirm, pending: outerPending, error, ...words }: ConfirmDialogProps) {
  const { open, setOpen, pending, failure, run } = useRunner();
  const busy = pending || Boolean(outerPending);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (busy && !next ? undefined : setOpen(next))}>
      <AlertDialog.Trigger asChild>{children}</AlertDialog.Trigger>
      <Panel {...words} pending={busy} error={open ? error : undefined} failure={failure} onConfirm={() => void run(onConfirm)} />
    </AlertDialog.Root>
  );
}

export interface ConfirmRequest extends ConfirmWords {
  onConfirm?: ConfirmAction;
  error?: ReactNode;
}

/**
 * The same dialog without a trigger, for lists and menus:
 * `const { confirm, dialog } = useConfirm();` render `{dialog}` once, then
 * `onClick={() => confirm({ title, destructive: true, onConfirm: () => m.mutateAsync(v) })}`.
 * `confirm` resolves true once confirmed (and the action done), false when cancelled.
 * Focus goes back to the element that had it when the dialog opened.
 */
export function useConfirm(): { confirm: (request: ConfirmRequest) => Promise<boolean>; dialog: ReactNode } {
  const { open, setOpen, pending, failure, run } = useRunner();
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  const confirm = useCallback(
    (next: ConfirmRequest) => {
      settle.current?.(false);
      setRequest(next);
      setOpen(true);
      return new Promise<boolean>((resolve) => {
        settle.current = resolve;
      });
    },
    [setOpen],
  );

  const dialog = request ? (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (next || pending) return;
        setOpen(false);
        settle.current?.(false);
        settle.current = null;
      }}
    >
      <Panel
        {...request}
        pending={pending}
        error={request.error}
        failure={failure}
        onConfirm={() =>
          void run(request.onConfirm).then((done) => {
            if (!done) return;
            settle.current?.(true);
            settle.current = null;
          })
        }
      />
    </AlertDialog.Root>
  ) : null;

  return { confirm, dialog };
}
