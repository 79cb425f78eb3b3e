/**
 * The Users page from the command line: listings of "User Profiles" / "All Users"
 * (filter, sort, page, export), one user's history, event counts (total vs unique),
 * and one-off profile edits.
 */
export { selectUsers, userMask, maskToUsers, type UserFilter } from './select-users.js';
export { resolveColumns, splitColumns, ALL_COLUMNS, type ColumnChoice } from './user-columns.js';
export { sortUsers, sortKeys, DEFAULT_SORT } from './sort-users.js';
export { userRows, rowsOfUsers, cellAt, type UserRow } from './user-rows.js';
export { listUsers, DEFAULT_PAGE_SIZE, type Listing, type ListOptions } from './list-users.js';
export { writeUsers, cellText, footer, type UsersFormat, type PageInfo, type WriteUsersOptions } from './write-users.js';
export { userHistory, type UserHistory, type FeedEvent } from './activity-feed.js';
export { countEvents, countHints, type CountOptions, type CountRow } from './count-events.js';
export { eventCatalog, eventNames, profileCatalog } from '../selector/index.js';
export { readIds, type IdList } from './read-ids.js';
export { parseAssignment, setProperties, unsetProperties, deleteProfile, type EditResult } from './profile-edit.js';
export { setDefaultColumns } from './default-columns.js';
export { parseTimeArg } from './cli-helpers.js';
export { listGroups, groupTable } from './list-groups.js';
export { suggestions, closest } from '../did-you-mean.js';
export { activityDays, type ActivityDays } from './activity-days.js';
