// Connector logos: Simple Icons (CC0) for the brands it carries, a generated monogram for the rest
// (Slack, Salesforce and Outlook left Simple Icons at their owners' request) and for custom connectors.
// Pure: the card component draws what this returns; test/unit/brand.test.ts checks every built-in.
import { siGithub, siGmail, siGooglecalendar, siHubspot, siJira, siLinear, siNotion } from 'simple-icons';

export interface BrandGlyph {
  kind: 'brand';
  /** The icon's name, for the title a screen reader may read. */
  title: string;
  /** One SVG path on a 24×24 box. */
  path: string;
  /** Brand colour, #RRGGBB. */
  color: string;
}
export interface MonogramGlyph {
  kind: 'monogram';
  /** One or two letters from the connector's name. */
  letters: string;
  /** A background colour picked from the id, stable across runs, dark enough for white letters (WCAG AA). */
  color: string;
}
export type Glyph = BrandGlyph | MonogramGlyph;

const BRANDS: Record<string, { title: string; path: string; hex: string }> = {
  github: siGithub,
  gmail: siGmail,
  googlecalendar: siGooglecalendar,
  hubspot: siHubspot,
  jira: siJira,
  linear: siLinear,
  notion: siNotion,
};

/** Colours with at least 4.5:1 contrast against white text. */
const MONOGRAM_COLORS = ['#1c5d99', '#6b2fa0', '#0b6e4f', '#a4262c', '#8a4b08', '#36577a', '#5c3c92', '#2f6f3e'];

/** The slugs a connector definition's `icon` may name (anything else, or '', gets a monogram). */
export const BRAND_SLUGS = Object.keys(BRANDS);

export function monogramLetters(name: string): string {
  const words = name.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  return (words.length === 1 ? words[0]![0]! : words[0]![0]! + words[1]![0]!).toUpperCase();
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return h;
}

export function glyphFor(connector: { id: string; name: string; icon: string }): Glyph {
  const brand = BRANDS[connector.icon];
  if (brand) return { kind: 'brand', title: brand.title, path: brand.path, color: `#${brand.hex}` };
  return { kind: 'monogram', letters: monogramLetters(connector.name), color: MONOGRAM_COLORS[hash(connector.id) % MONOGRAM_COLORS.length]! };
}
