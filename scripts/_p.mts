import { readDataFramePickle } from '/work/main/lib/pickle/index';
for (let i=0;i<6;i++) await readDataFramePickle('/tmp/face50k.pkl');
