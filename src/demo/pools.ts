// Fixed value pools for the demo data generator. Weights are relative, not percentages.

export interface CountryDef {
  code: string;
  weight: number;
  /** Currency a local purchase is charged in, and its rate per USD. */
  currency: string;
  rate: number;
  /** [city, UTC offset in hours] */
  cities: readonly (readonly [string, number])[];
}

export const COUNTRIES: readonly CountryDef[] = [
  {
    code: 'US',
    weight: 38,
    currency: 'USD',
    rate: 1,
    cities: [
      ['New York', -5],
      ['Los Angeles', -8],
      ['Chicago', -6],
      ['Houston', -6],
      ['Seattle', -8],
      ['San Francisco', -8],
      ['Austin', -6],
      ['Boston', -5],
      ['Miami', -5],
      ['Denver', -7],
    ],
  },
  {
    code: 'GB',
    weight: 8,
    currency: 'GBP',
    rate: 0.79,
    cities: [
      ['London', 0],
      ['Manchester', 0],
      ['Edinburgh', 0],
      ['Bristol', 0],
    ],
  },
  {
    code: 'DE',
    weight: 7,
    currency: 'EUR',
    rate: 0.92,
    cities: [
      ['Berlin', 1],
      ['Munich', 1],
      ['Hamburg', 1],
      ['Köln', 1],
    ],
  },
  {
    code: 'IN',
    weight: 7,
    currency: 'USD',
    rate: 1,
    cities: [
      ['Bengaluru', 5.5],
      ['Mumbai', 5.5],
      ['Delhi', 5.5],
      ['Hyderabad', 5.5],
    ],
  },
  {
    code: 'CA',
    weight: 5,
    currency: 'CAD',
    rate: 1.36,
    cities: [
      ['Toronto', -5],
      ['Vancouver', -8],
      ['Montréal', -5],
    ],
  },
  {
    code: 'FR',
    weight: 5,
    currency: 'EUR',
    rate: 0.92,
    cities: [
      ['Paris', 1],
      ['Lyon', 1],
      ['Marseille', 1],
    ],
  },
  {
    code: 'BR',
    weight: 5,
    currency: 'USD',
    rate: 1,
    cities: [
      ['São Paulo', -3],
      ['Rio de Janeiro', -3],
    ],
  },
  {
    code: 'AU',
    weight: 4,
    currency: 'AUD',
    rate: 1.52,
    cities: [
      ['Sydney', 10],
      ['Melbourne', 10],
    ],
  },
  {
    code: 'JP',
    weight: 3,
    currency: 'USD',
    rate: 1,
    cities: [
      ['Tokyo', 9],
      ['Osaka', 9],
    ],
  },
  {
    code: 'ES',
    weight: 3,
    currency: 'EUR',
    rate: 0.92,
    cities: [
      ['Madrid', 1],
      ['Barcelona', 1],
    ],
  },
  {
    code: 'IT',
    weight: 2,
    currency: 'EUR',
    rate: 0.92,
    cities: [
      ['Milan', 1],
      ['Rome', 1],
    ],
  },
  {
    code: 'NL',
    weight: 2,
    currency: 'EUR',
    rate: 0.92,
    cities: [
      ['Amsterdam', 1],
      ['Rotterdam', 1],
    ],
  },
  {
    code: 'MX',
    weight: 2,
    currency: 'USD',
    rate: 1,
    cities: [
      ['Mexico City', -6],
      ['Guadalajara', -6],
    ],
  },
  { code: 'SE', weight: 1.5, currency: 'EUR', rate: 0.92, cities: [['Stockholm', 1]] },
  { code: 'PL', weight: 1.5, currency: 'EUR', rate: 0.92, cities: [['Warsaw', 1]] },
  { code: 'SG', weight: 1.5, currency: 'USD', rate: 1, cities: [['Singapore', 8]] },
  { code: 'KR', weight: 1.5, currency: 'USD', rate: 1, cities: [['Seoul', 9]] },
  { code: 'NG', weight: 1, currency: 'USD', rate: 1, cities: [['Lagos', 1]] },
  { code: 'ZA', weight: 1, currency: 'USD', rate: 1, cities: [['Cape Town', 2]] },
];

/** Client platforms: mp_lib, $os, $browser (undefined for native apps). */
export const PLATFORMS: readonly { lib: string; os: string; browser: string | undefined; weight: number }[] = [
  { lib: 'web', os: 'Windows', browser: 'Chrome', weight: 27 },
  { lib: 'web', os: 'Mac OS X', browser: 'Chrome', weight: 14 },
  { lib: 'web', os: 'Mac OS X', browser: 'Safari', weight: 11 },
  { lib: 'web', os: 'Windows', browser: 'Microsoft Edge', weight: 7 },
  { lib: 'web', os: 'Windows', browser: 'Firefox', weight: 4 },
  { lib: 'web', os: 'Linux', browser: 'Firefox', weight: 2 },
  { lib: 'web', os: 'Linux', browser: 'Chrome', weight: 2 },
  { lib: 'web', os: 'iOS', browser: 'Mobile Safari', weight: 8 },
  { lib: 'web', os: 'Android', browser: 'Chrome', weight: 7 },
  { lib: 'swift', os: 'iOS', browser: undefined, weight: 10 },
  { lib: 'android', os: 'Android', browser: undefined, weight: 8 },
];

export const CATEGORIES = ['books', 'games', 'electronics', 'music', 'movies', 'home', 'garden', 'sports', 'toys', 'fashion'] as const;
/** [min, max] USD price per category, parallel to CATEGORIES. */
export const CATEGORY_PRICE: readonly (readonly [number, number])[] = [
  [6, 45],
  [15, 70],
  [20, 900],
  [1, 25],
  [4, 30],
  [10, 300],
  [5, 150],
  [10, 250],
  [6, 80],
  [15, 200],
];
/** Relative popularity, parallel to CATEGORIES. */
export const CATEGORY_WEIGHT = [14, 10, 12, 6, 6, 11, 5, 9, 8, 14];
export const ITEMS_PER_CATEGORY = 40;

export const PAGES = ['/', '/search', '/deals', '/pricing', '/blog', '/blog/spring-reading-list', '/help', '/account', '/cart', '/category'] as const;
export const PAGE_WEIGHT = [30, 14, 8, 4, 5, 3, 3, 5, 6, 22];

export const UTM_SOURCES = ['google', 'facebook', 'newsletter', 'twitter', 'bing', 'linkedin', 'reddit', 'producthunt'] as const;
export const UTM_WEIGHT = [40, 15, 15, 8, 7, 5, 5, 5];

export const LOGIN_METHODS = ['password', 'google', 'sso'] as const;
export const LOGIN_WEIGHT = [60, 30, 10];
export const SIGNUP_METHODS = ['email', 'google', 'github'] as const;
export const SIGNUP_WEIGHT = [62, 30, 8];
export const PAYMENT_METHODS = ['card', 'paypal', 'apple_pay'] as const;
export const PAYMENT_WEIGHT = [70, 20, 10];

export const PLANS = ['free', 'starter', 'premium', 'enterprise'] as const;
export const PLAN_WEIGHT = [55, 25, 15, 5];

export const FIRST_NAMES = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Daniel',
  'Karen',
  'Emma',
  'Olivia',
  'Noah',
  'Liam',
  'Sophia',
  'Mia',
  'Lucas',
  'Amelia',
  'Ethan',
  'Chloe',
  'José',
  'María',
  'Luis',
  'Ana',
  'Carlos',
  'Lucía',
  'Zoë',
  'Chloé',
  'Léa',
  'Hugo',
  'Lukas',
  'Jonas',
  'Hannah',
  'Lena',
  'Søren',
  'Ingrid',
  'Priya',
  'Arjun',
  'Aarav',
  'Ananya',
  'Wei',
  'Yuki',
  'Haruto',
  'Sakura',
  'Min-jun',
  'Ji-woo',
  'Chinedu',
  'Amara',
  'Thiago',
  'Beatriz',
];
export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Dubois',
  'Lefèvre',
  'Rossi',
  'Ferrari',
  'Novak',
  'Kowalski',
  'Jensen',
  'Nielsen',
  'Andersson',
  'Sharma',
  'Patel',
  'Gupta',
  'Singh',
  'Tanaka',
  'Suzuki',
  'Sato',
  'Kim',
  'Park',
  'Chen',
  'Wang',
  'Okafor',
  'Adeyemi',
  'Silva',
  'Santos',
  'Oliveira',
  "O'Brien",
];

export const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'proton.me'] as const;
export const FREE_MAIL_WEIGHT = [45, 14, 10, 6, 6, 2];
export const COMPANY_DOMAINS = [
  'acme.io',
  'globex.com',
  'initech.com',
  'umbrella.co',
  'hooli.com',
  'piedpiper.net',
  'stark.industries',
  'wayne.enterprises',
  'soylent.co',
  'vandelay.com',
  'wonka.biz',
  'cyberdyne.ai',
] as const;

/** Relative session starts per local hour of day (0..23). */
export const HOUR_WEIGHT = [1.2, 0.7, 0.45, 0.35, 0.35, 0.5, 1.1, 2.2, 3.6, 4.8, 5.4, 5.6, 5.8, 5.6, 5.3, 5.0, 4.8, 4.9, 5.4, 6.0, 6.2, 5.6, 4.0, 2.3];
/** Relative activity per UTC weekday, Sunday first (Date.getUTCDay order). */
export const WEEKDAY_WEIGHT = [0.74, 1.06, 1.09, 1.08, 1.05, 0.96, 0.7];
