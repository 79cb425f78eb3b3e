/** The web app's server side: the Users page and JQL console plugin, and the types of its JSON endpoints. */
export { uiPlugin, webRoot } from './plugin.js';
export type * from './api-types.js';
