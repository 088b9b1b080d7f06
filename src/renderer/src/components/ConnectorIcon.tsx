import { glyphFor } from '../../../shared/brand';

/** A connector's logo (or monogram) in a rounded tile; decorative: the connector's name is always beside it. */
export function ConnectorIcon({ connector, size = 28 }: { connector: { id: string; name: string; icon: string }; size?: number }) {
  const glyph = glyphFor(connector);
  if (glyph.kind === 'brand') {
    return (
      <svg aria-hidden="true" className="sb-icon" width={size} height={size} viewBox="0 0 24 24" fill={glyph.color}>
        <path d={glyph.path} />
      </svg>
    );
  }
  return (
    <svg aria-hidden="true" className="sb-icon" width={size} height={size} viewBox="0 0 24 24">
      <rect width="24" height="24" rx="5" fill={glyph.color} />
      <text x="12" y="16.2" textAnchor="middle" fontSize={glyph.letters.length > 1 ? 10.5 : 13} fontWeight="700" fill="#fff" fontFamily="system-ui, sans-serif">
        {glyph.letters}
      </text>
    </svg>
  );
}
