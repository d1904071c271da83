// Demo data: two shops, each with its owner (shop 1 also with an operator, 助播), ops,
// viewers, a goods library per shop and one live room per owner. Prices in fen.

import type { SpecDimension } from '../server/modules/catalog/specs';

export const DEMO_PASSWORD = 'livecart123';

export const CATEGORIES = ['服饰', '美妆', '食品', '数码', '家居'] as const;
/** The platform's categories in English (the migration that added name_en fills the same). */
export const CATEGORY_NAMES_EN: Record<(typeof CATEGORIES)[number], string> = { 服饰: 'Apparel', 美妆: 'Beauty', 食品: 'Food', 数码: 'Electronics', 家居: 'Home' };

export const SHOPS = [
  { key: 'li', name: '李记服饰旗舰店' },
  { key: 'shan', name: '山野好物' },
] as const;

export const DEMO_USERS = [
  { username: 'host1', displayName: '李主播', role: 'HOST', shop: 'li', shopRole: 'OWNER' },
  { username: 'host1b', displayName: '助播小周', role: 'HOST', shop: 'li', shopRole: 'OPERATOR' },
  { username: 'host2', displayName: '王主播', role: 'HOST', shop: 'shan', shopRole: 'OWNER' },
  { username: 'ops1', displayName: '运营小陈', role: 'OPS', shop: null, shopRole: null },
  { username: 'viewer1', displayName: '观众小美', role: 'VIEWER', shop: null, shopRole: null },
  { username: 'viewer2', displayName: '观众阿强', role: 'VIEWER', shop: null, shopRole: null },
  { username: 'viewer3', displayName: '观众橙子', role: 'VIEWER', shop: null, shopRole: null },
  { username: 'viewer4', displayName: '观众豆豆', role: 'VIEWER', shop: null, shopRole: null },
] as const;

export const DEMO_USERNAMES: string[] = DEMO_USERS.map((u) => u.username);

type Dim = SpecDimension;
export interface SeedGoods {
  code: string;
  shop: (typeof SHOPS)[number]['key'];
  category: (typeof CATEGORIES)[number];
  title: string;
  subtitle: string;
  specs: Dim[];
  /** Price per SKU in fen: base, plus an optional surcharge for a value of the last dimension. */
  price: number;
  surcharge?: Record<string, number>;
  stock: number;
}

export const GOODS: SeedGoods[] = [
  { code: 'tee', shop: 'li', category: '服饰', title: '纯棉宽松短袖T恤', subtitle: '新疆长绒棉 · 不易变形', specs: [{ name: '颜色', values: ['白色', '黑色', '雾蓝'] }, { name: '尺码', values: ['M', 'L', 'XL'] }], price: 5900, surcharge: { XL: 1000 }, stock: 120 },
  { code: 'jeans', shop: 'li', category: '服饰', title: '高腰直筒牛仔裤', subtitle: '微弹显瘦 · 四季可穿', specs: [{ name: '颜色', values: ['浅蓝', '深蓝'] }, { name: '尺码', values: ['26', '27', '28', '29'] }], price: 12900, stock: 60 },
  { code: 'down', shop: 'li', category: '服饰', title: '轻薄白鸭绒羽绒服', subtitle: '90%白鸭绒 · 可收纳', specs: [{ name: '颜色', values: ['黑色', '米白'] }, { name: '尺码', values: ['S', 'M', 'L'] }], price: 39900, stock: 40 },
  { code: 'cream', shop: 'li', category: '美妆', title: '保湿修护面霜', subtitle: '神经酰胺 · 敏感肌可用', specs: [{ name: '规格', values: ['50ml', '100ml'] }], price: 16800, surcharge: { '100ml': 12000 }, stock: 200 },
  { code: 'lipstick', shop: 'li', category: '美妆', title: '丝绒哑光口红', subtitle: '持久不沾杯', specs: [{ name: '色号', values: ['正红', '豆沙', '枫叶'] }], price: 12900, stock: 150 },
  { code: 'scarf', shop: 'li', category: '服饰', title: '羊毛混纺围巾', subtitle: '柔软亲肤 · 秋冬百搭', specs: [{ name: '颜色', values: ['驼色', '灰色', '酒红'] }], price: 8900, stock: 80 },
  { code: 'orange', shop: 'shan', category: '食品', title: '赣南脐橙', subtitle: '现摘现发 · 果园直供', specs: [{ name: '规格', values: ['5斤中果', '5斤大果', '10斤大果'] }], price: 2990, surcharge: { '5斤大果': 1000, '10斤大果': 4000 }, stock: 500 },
  { code: 'coffee', shop: 'shan', category: '食品', title: '云南小粒咖啡豆', subtitle: '保山产区 · 新鲜烘焙', specs: [{ name: '重量', values: ['250g', '500g'] }, { name: '烘焙', values: ['中烘', '深烘'] }], price: 5800, surcharge: {}, stock: 90 },
  { code: 'rice', shop: 'shan', category: '食品', title: '五常稻花香大米', subtitle: '当季新米 · 真空包装', specs: [{ name: '规格', values: ['5kg', '10kg'] }], price: 7990, surcharge: { '10kg': 6910 }, stock: 300 },
  { code: 'gingertea', shop: 'shan', category: '食品', title: '手工红糖姜茶', subtitle: '老姜熬制 · 独立小袋', specs: [{ name: '规格', values: ['12袋', '24袋'] }], price: 3990, surcharge: { '24袋': 3000 }, stock: 260 },
  { code: 'bedding', shop: 'shan', category: '家居', title: '纯棉床品四件套', subtitle: '60支长绒棉 · 亲肤透气', specs: [{ name: '尺寸', values: ['1.5m', '1.8m'] }, { name: '颜色', values: ['奶白', '雾粉', '灰蓝'] }], price: 29900, stock: 50 },
  { code: 'cup', shop: 'shan', category: '家居', title: '316不锈钢保温杯', subtitle: '12小时保温 · 500ml', specs: [{ name: '颜色', values: ['曜石黑', '奶油白', '樱花粉'] }], price: 6900, stock: 150 },
];

/** The demo rooms' stream: a short looping HLS clip shipped in public/ (scripts/make-demo-stream.sh). */
export const DEMO_STREAM = { url: '/demo-stream/index.m3u8', poster: '/demo-stream/poster.jpg' } as const;

export const ROOMS = [
  { host: 'host1', title: '秋冬穿搭专场 · 今晚8点', status: 'LIVE', goods: ['tee', 'jeans', 'down', 'cream'] },
  { host: 'host2', title: '山野好物年货节', status: 'SCHEDULED', goods: ['orange', 'coffee', 'rice'] },
] as const;
