/**
 * Text written for people and models alike (connector and action descriptions): `code` spans are
 * shown as code, **bold** as strong; nothing else of Markdown is read, and nothing is ever HTML.
 */
import { Code } from '@mantine/core';
import type { ReactNode } from 'react';

export function Prose({ text }: { text: string }): ReactNode {
  const parts = text.split(/(`[^`\n]+`|\*\*[^*\n]+\*\*)/g);
  return parts.map((part, i) => {
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return <Code key={i}>{part.slice(1, -1)}</Code>;
    if (part.length > 4 && part.startsWith('**') && part.endsWith('**')) return <strong key={i}>{part.slice(2, -2)}</strong>;
    return part;
  });
}
