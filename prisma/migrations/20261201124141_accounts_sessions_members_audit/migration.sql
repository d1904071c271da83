-- Accounts a shop can trust (DESIGN.md §3, §8): server-side sessions, the parts of a shop's
-- members (owner / operator / moderator) with the owner's invitations, and the audit log of
-- console changes.

-- CreateEnum
CREATE TYPE "ShopRole" AS ENUM ('OWNER', 'OPERATOR', 'MODERATOR');

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "shop_role" "ShopRole";

-- Existing hosts: the first account of each shop owns it, the others operate its desk.
UPDATE "app_user" u SET "shop_role" = CASE
    WHEN u.id = (SELECT min(o.id) FROM "app_user" o WHERE o.shop_id = u.shop_id AND o.role = 'HOST') THEN 'OWNER'::"ShopRole"
    ELSE 'OPERATOR'::"ShopRole" END
  WHERE u.role = 'HOST' AND u.shop_id IS NOT NULL;

-- A host has a shop and a part in it; viewers and ops have neither.
ALTER TABLE "app_user"
    ADD CONSTRAINT "app_user_shop_check" CHECK (("role" = 'HOST') = ("shop_id" IS NOT NULL) AND ("shop_id" IS NULL) = ("shop_role" IS NULL));

-- CreateTable
CREATE TABLE "auth_session" (
    "id" VARCHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "user_agent" VARCHAR(300) NOT NULL DEFAULT '',
    "ip" VARCHAR(64) NOT NULL DEFAULT '',
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "auth_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop_invitation" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "role" "ShopRole" NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "code_hint" VARCHAR(8) NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "accepted_at" TIMESTAMP(3),
    "accepted_by_id" INTEGER,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "shop_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER,
    "actor_id" INTEGER NOT NULL,
    "actor_name" VARCHAR(40) NOT NULL,
    "actor_role" VARCHAR(20) NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "target_type" VARCHAR(30) NOT NULL,
    "target_id" VARCHAR(40) NOT NULL,
    "target_name" VARCHAR(120) NOT NULL DEFAULT '',
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_session_user_id_revoked_at_idx" ON "auth_session"("user_id", "revoked_at");

-- CreateIndex
CREATE UNIQUE INDEX "shop_invitation_code_hash_key" ON "shop_invitation"("code_hash");

-- CreateIndex
CREATE INDEX "shop_invitation_shop_id_created_at_idx" ON "shop_invitation"("shop_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_shop_id_id_idx" ON "audit_log"("shop_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_idx" ON "audit_log"("actor_id");

-- AddForeignKey
ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_invitation" ADD CONSTRAINT "shop_invitation_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_invitation" ADD CONSTRAINT "shop_invitation_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_invitation" ADD CONSTRAINT "shop_invitation_accepted_by_id_fkey" FOREIGN KEY ("accepted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit log is append-only: a change once written stays as written.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
