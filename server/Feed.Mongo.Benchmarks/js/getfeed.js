// The reference side of the MongoDB store benchmark: the same feed query as MongoFeedStore
// (authorId $in, sort {createdAt:-1, _id:-1}, limit) through the official Node driver, from
// `concurrency` async callers for `seconds`. Reads { uri, db, authors, limit, concurrency,
// seconds, warmupSeconds } as JSON on stdin; prints { operations, seconds, p50Ms, p99Ms }.
const { MongoClient } = require('mongodb');

async function run(collection, query, concurrency, seconds, latencies) {
  const end = performance.now() + seconds * 1000;
  let operations = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      const page = await collection.find(query.filter).sort(query.sort).limit(query.limit).batchSize(query.limit).toArray();
      if (page.length !== query.limit) throw new Error(`expected ${query.limit} posts, got ${page.length}`);
      latencies?.push(performance.now() - start);
      operations++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { operations, seconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

(async () => {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const o = JSON.parse(input);
  const client = new MongoClient(o.uri, { directConnection: true, maxPoolSize: o.concurrency });
  try {
    const collection = client.db(o.db).collection('posts');
    const query = { filter: { authorId: { $in: o.authors } }, sort: { createdAt: -1, _id: -1 }, limit: o.limit };
    await run(collection, query, o.concurrency, o.warmupSeconds, null);
    const latencies = [];
    const result = await run(collection, query, o.concurrency, o.seconds, latencies);
    latencies.sort((a, b) => a - b);
    process.stdout.write(JSON.stringify({ ...result, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) }));
  } finally {
    await client.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
