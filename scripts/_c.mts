import { readFileSync } from 'node:fs';
import { parseDataFramePickle } from '/work/main/lib/pickle/index';
const f = process.argv[2];
const ts:number[]=[], tr:number[]=[];
for (let i=0;i<7;i++){ let t=performance.now(); const b=readFileSync(f); tr.push(performance.now()-t); t=performance.now(); parseDataFramePickle(b,f); ts.push(performance.now()-t);} 
ts.sort((a,b)=>a-b); tr.sort((a,b)=>a-b); console.log(f,'read',tr[3].toFixed(1),'parse',ts[3].toFixed(1));
