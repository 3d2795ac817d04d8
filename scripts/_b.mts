import { readDataFramePickle } from '/work/main/lib/pickle/index';
for (const f of ['/tmp/face50k.pkl','/tmp/face50k_p5.pkl']) {
const ts=[]; for (let i=0;i<5;i++){const t=performance.now(); await readDataFramePickle(f); ts.push(performance.now()-t);} ts.sort((a,b)=>a-b); console.log(f, ts[2].toFixed(1),'ms');}
