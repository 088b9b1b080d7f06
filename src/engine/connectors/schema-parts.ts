/** JSON Schema pieces more than one connector's inputs use. */

/** A value on one line: CR or LF in a mail header would let a caller add headers of their own. */
export const ONE_LINE = '^[^\\r\\n]*$';

/** One email address, bounded, on one line. */
export const EMAIL_ADDRESS = { type: 'string', format: 'email', maxLength: 254, pattern: ONE_LINE } as const;

/** A list of recipients: 1 to 100 addresses. */
export const EMAIL_ADDRESSES = { type: 'array', minItems: 1, maxItems: 100, items: EMAIL_ADDRESS } as const;
