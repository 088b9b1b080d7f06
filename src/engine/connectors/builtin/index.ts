/** Every built-in connector, in catalog order. One file per connector. */
import type { ConnectorDefinition } from '../definition.js';
import { github } from './github.js';
import { gmail } from './gmail.js';
import { googleCalendar } from './google_calendar.js';
import { http } from './http.js';
import { hubspot } from './hubspot.js';
import { jira } from './jira.js';
import { linear } from './linear.js';
import { notion } from './notion.js';
import { outlook } from './outlook.js';
import { salesforce } from './salesforce.js';
import { slack } from './slack.js';

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
