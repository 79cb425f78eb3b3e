/**
 * Exports: events in the hosted raw-export shape (`quarry export events`,
 * `GET /api/2.0/export`), profiles in the engage export shape, and both as flat
 * tables in CSV, Arrow IPC or Parquet.
 */
export { exportEvents, exportRows, exportTime, checkDayRange, type EventExportOptions, type ExportedEvent } from './event-records.js';
export { eventTable, peopleTable, type FlatTable, type FlatColumn, type FlatType } from './flat-table.js';
export { writeFlatCsv, writeFlatArrow, writeFlatParquet } from './write-flat.js';
export { exportPeople, engageRecords, type PeopleExportOptions, type EngageRecord } from './people-records.js';
