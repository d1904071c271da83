-- The language a user chose, restored at sign-in; categories' English names.
ALTER TABLE "app_user" ADD COLUMN "locale" VARCHAR(5);
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_locale_known" CHECK ("locale" IS NULL OR "locale" IN ('zh', 'en'));
ALTER TABLE "category" ADD COLUMN "name_en" VARCHAR(40);
UPDATE "category" SET "name_en" = CASE "name"
  WHEN '服饰' THEN 'Apparel'
  WHEN '美妆' THEN 'Beauty'
  WHEN '食品' THEN 'Food'
  WHEN '数码' THEN 'Electronics'
  WHEN '家居' THEN 'Home'
END WHERE "name_en" IS NULL;
