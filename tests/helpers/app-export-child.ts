/**
 * A process that starts one export as the server does (createExportJob,
 * origin "app") and prints its job id once its partial folder exists, so a
 * test can kill -9 it midway (tests/unit/export/job-store.test.ts).
 * Arguments: DB LIBRARY EXPORT_ROOT NAME.
 */
import { readdirSync } from 'node:fs';
import { openDatabase } from '@/lib/db/connection';
import { createExportJob } from '@/lib/export/jobs';

const [dbFile, libraryRoot, exportRoot, name] = process.argv.slice(2);
const db = openDatabase(dbFile);
const job = await createExportJob(db, { dbFile, libraryRoot, exportRoot }, { layout: 'flat', resize: { width: 900, height: 600 }, format: 'png', target: 'folder', name });
for (;;) {
  if (readdirSync(exportRoot).some((entry) => entry.startsWith(`${name}.partial-`))) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log(job.id);
// Wait to be killed.
setInterval(() => {}, 1000);
