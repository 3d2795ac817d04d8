/**
 * npm run bench [-- --only pickle,ingest,thumbnails,search,queries,click,analysis,export,formats,grid,dupes,engines] [--runs N] [--big] [--huge]
 * The benchmark suite: builds synthetic libraries at scale, measures this
 * project against the tool a user would otherwise use, side by side in one
 * run, and writes each section's figures into BENCHMARKS.md.
 * --big adds the 1M-frame library where a section supports it (minutes, GBs);
 * --huge the 10M-frame one (the click section; tens of minutes, tens of GBs).
 */
import { parseArgs } from 'node:util';
import { benchAnalysis } from './analysis';
import { benchClick } from './click';
import { benchDupes } from './dupes';
import { benchEngines } from './engines';
import { benchExport } from './export';
import { benchFormats } from './formats';
import { benchGrid } from './grid';
import { benchIngest } from './ingest';
import { benchPickle } from './pickle';
import { benchQueries } from './queries';
import { benchSearch } from './search';
import { benchThumbnails } from './thumbnails';
import { machine, requirePython, writeSection } from './lib/stats';

const SECTIONS: Record<string, (o: { runs: number; big: boolean; huge: boolean }) => Promise<string>> = {
  pickle: ({ runs }) => benchPickle(Math.max(runs, 9)),
  ingest: ({ runs, big }) => benchIngest(big ? [100_005, 1_000_050] : [100_005], runs),
  thumbnails: ({ runs }) => benchThumbnails(runs),
  search: ({ runs }) => benchSearch(runs),
  export: ({ runs }) => benchExport(Math.min(runs, 3)),
  formats: ({ runs }) => benchFormats(Math.min(runs, 3)),
  grid: ({ runs, big }) => benchGrid(big ? [100_005, 1_000_050] : [100_005], Math.max(runs, 5)),
  queries: ({ runs, big }) => benchQueries(big ? [100_005, 1_000_050] : [100_005], Math.max(runs, 20)),
  analysis: ({ runs }) => benchAnalysis(Math.min(runs, 3)),
  click: ({ runs, big, huge }) => benchClick([100_005, ...(big || huge ? [1_000_050] : []), ...(huge ? [10_000_500] : [])], Math.max(runs, 6)),
  dupes: ({ runs }) => benchDupes(runs),
  engines: ({ runs, big }) => benchEngines([100_005, ...(big ? [1_000_050] : [])], Math.max(runs, 6)),
};

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, runs: { type: 'string', default: '5' }, big: { type: 'boolean', default: false }, huge: { type: 'boolean', default: false } } });
  const only = values.only ? values.only.split(',') : Object.keys(SECTIONS);
  const unknown = only.filter((name) => !SECTIONS[name]);
  if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')}; sections are ${Object.keys(SECTIONS).join(', ')}`);
  requirePython();
  for (const name of only) {
    console.error(`== ${name}`);
    const body = await SECTIONS[name]({ runs: Number(values.runs), big: values.big, huge: values.huge });
    writeSection(name, `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.\n\n${body}`);
    console.log(body);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
