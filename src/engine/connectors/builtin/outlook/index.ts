/**
 * Outlook mail and calendar through the Microsoft Graph REST API v1.0.
 * https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview
 * Checked against microsoftgraph/microsoft-graph-docs-contrib (pages and commits in mail.ts and
 * calendar.ts), concepts/paging.md @00e146a9, concepts/throttling.md @005016a5 (429 with
 * Retry-After: the plain rule) and concepts/errors.md @02b4cba0; sign-in per
 * learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow (a desktop app is a public
 * client: no secret; offline_access for a refresh token; User.Read for GET /me, the test).
 */
import { defineConnector, signInScopes } from '../../definition.js';
import { calendarActions } from './calendar.js';
import { mailActions } from './mail.js';

const actions = [...mailActions, ...calendarActions];
const BASE_SCOPES = ['offline_access', 'User.Read'];

export const outlook = defineConnector({
  id: 'outlook',
  name: 'Outlook',
  icon: '',
  category: 'email',
  description: 'Send, read and reply to mail, and list, view and create calendar events in Outlook / Microsoft 365 through Microsoft Graph.',
  baseUrl: 'https://graph.microsoft.com/v1.0',
  auth: [
    {
      type: 'oauth2',
      authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      baseScopes: BASE_SCOPES,
      scopes: signInScopes(BASE_SCOPES, actions),
      scopeSeparator: ' ',
      clientSecret: 'none',
    },
    { type: 'bearer', label: 'Microsoft Graph access token' },
  ],
  // https://learn.microsoft.com/en-us/graph/api/user-get
  test: { method: 'GET', path: '/me' },
  actions,
});
