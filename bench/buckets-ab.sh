#!/bin/bash
# Interleaved A/B: the same engine on the 1m store with 1 and 2 user buckets.
cd "$(dirname "$0")/.."
D=bench/data/1m
for r in 1 2 3 4 5; do
  for q in q1 q5 q6; do
    for s in store store-b2; do
      t0=$(date +%s.%N)
      node bin/quarry.js run bench/queries/$q.js --store $D/$s --format json > /dev/null 2>&1
      t1=$(date +%s.%N)
      echo "$r $q $s $(echo "$t1 - $t0" | bc) $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
