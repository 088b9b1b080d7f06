/** Every built-in connector, in catalog order. One file per connector. */
import type { ConnectorDefinition } from '../definition.js';
import { github } from './github/index.js';
import { gmail } from './gmail/index.js';
import { googleCalendar } from './google_calendar/index.js';
import { http } from './http.js';
import { hubspot } from './hubspot/index.js';
import { jira } from './jira/index.js';
import { linear } from './linear.js';
import { notion } from './notion/index.js';
import { outlook } from './outlook/index.js';
import { salesforce } from './salesforce.js';
import { slack } from './slack/index.js';

export const BUILTIN_CONNECTORS: readonly ConnectorDefinition[] = [
  slack,
  notion,
  github,
  gmail,
  googleCalendar,
  hubspot,
  salesforce,
  jira,
  linear,
  outlook,
  http,
];
