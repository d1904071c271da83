// Form fields hold text; the server's schemas take numbers and arrays. These wrap a server
// schema so that what is typed is read first and the server's own rule (and words) judge it.
import { z } from 'zod';

/**
 * A text field of a whole number judged by the server's number schema: '' and 'abc' are not a
 * number (the schema's "required" words), '1.5' and '-3' get its own int/min words.
 */
export function numberText<S extends z.ZodType<number, number | undefined>>(schema: S) {
  return z
    .string()
    .transform((text) => (text.trim() === '' ? Number.NaN : Number(text.trim())))
    .pipe(schema as unknown as z.ZodType<z.output<S>, number>);
}

/** "黑色, 白色，红色" → ['黑色', '白色', '红色'], trimmed and once each. */
export function splitValues(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((v) => v.trim()).filter(Boolean))];
}

/** A text field of comma-separated values judged by the server's array schema. */
export function listText<S extends z.ZodType<string[], string[]>>(schema: S) {
  return z.string().transform(splitValues).pipe(schema);
}

/**
 * The server's array rule (its min/max and their words) over form elements: `z.array(element)`
 * with the checks of `array`.
 */
export function arrayLike<E extends z.ZodType>(array: z.ZodArray, element: E) {
  return z.array(element).check(...((array._zod.def.checks ?? []) as z.core.$ZodCheck<z.output<E>[]>[]));
}

/**
 * The server's object with some fields as the form holds them. Its cross-field refinements
 * stay: they read parsed values (fen, arrays), whose types the form fields keep — only what is
 * typed in differs, which zod's `safeExtend` typing does not allow for, hence the one cast.
 */
export function withFormFields<Shape extends z.core.$ZodShape, U extends z.core.$ZodLooseShape>(schema: z.ZodObject<Shape>, fields: U) {
  const extend = schema.safeExtend.bind(schema) as unknown as (shape: U) => z.ZodObject<z.core.util.Extend<Shape, U>>;
  return extend(fields);
}
