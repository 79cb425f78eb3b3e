import { cohortCommand } from './cohort.js';
import { columnsCommand } from './columns.js';
import { countCommand } from './count.js';
import { demoCommand } from './demo.js';
import { execShardCommand } from './exec-shard.js';
import { exportCommand } from './export.js';
import { finishCommand } from './finish.js';
import { importCommand } from './import.js';
import { infoCommand } from './info.js';
import { initCommand } from './init.js';
import { mergeCommand } from './merge.js';
import { planCommand } from './plan.js';
import { profileCommand } from './profile.js';
import { rebucketCommand } from './rebucket.js';
import { replCommand } from './repl.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { userCommand } from './user.js';
import { usersCommand } from './users.js';

export const commands = [
  runCommand,
  replCommand,
  initCommand,
  importCommand,
  infoCommand,
  demoCommand,
  usersCommand,
  columnsCommand,
  userCommand,
  profileCommand,
  countCommand,
  cohortCommand,
  serveCommand,
  exportCommand,
  rebucketCommand,
  planCommand,
  execShardCommand,
  mergeCommand,
  finishCommand,
];
