// Categories are the platform's words (not a shop's): English where the platform has the name.
import type { Locale } from './config';

export function categoryName(category: { name: string; nameEn?: string | null }, locale: Locale): string {
  return locale === 'en' && category.nameEn ? category.nameEn : category.name;
}
