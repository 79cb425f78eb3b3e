import { demoCommand } from './demo.js';
import { importCommand } from './import.js';
import { infoCommand } from './info.js';
import { initCommand } from './init.js';
import { replCommand } from './repl.js';
import { runCommand } from './run.js';

export const commands = [runCommand, replCommand, initCommand, importCommand, infoCommand, demoCommand];
