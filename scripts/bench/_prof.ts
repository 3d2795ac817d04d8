import { dryRunExport, parseExportRequest, planExport } from '@/lib/export';
import { openDatabase } from '@/lib/db/connection';
const db = openDatabase('/tmp/wt16-bench/queries-100005.db', { readonly: true });
const { options } = parseExportRequest({ query: 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20', layout: 'positive-negative', target: 'folder' });
for (let i = 0; i < 4; i++) {
  let t = performance.now(); planExport(db, options); const a = performance.now() - t;
  t = performance.now(); await dryRunExport(db, '/work/main/data/bench/lib100k', options); const b = performance.now() - t;
  console.log('plan', a.toFixed(0), 'dry', b.toFixed(0));
}
