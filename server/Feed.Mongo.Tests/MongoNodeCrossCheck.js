// Cross-check of MongoFeedStore's documents with the official Node driver (MongoNodeCrossCheckTests).
// Reads one JSON object from stdin: { mode: "read" | "write", uri, db }.
//   read:  prints { users, follows, posts }: every document as [[field, [type, value]], ...] in field order
//   write: inserts a user pair, a follow and three posts the way another service would, prints their post ids
// require() resolves from client-js/node_modules through NODE_PATH (set by NodeScript).
const { MongoClient, ObjectId } = require('mongodb');

function describe(value) {
  if (value === null) return ['null', null];
  if (value instanceof Date) return ['date', value.getTime()];
  if (value && value._bsontype === 'ObjectId') return ['ObjectId', value.toHexString()];
  if (value && value._bsontype) return [value._bsontype, String(value)];
  return [typeof value, value];
}

const fields = doc => Object.entries(doc).map(([name, value]) => [name, describe(value)]);

async function read(db) {
  const all = async name => (await db.collection(name).find({}, { promoteValues: false }).sort({ _id: 1 }).toArray()).map(fields);
  return { users: await all('users'), follows: await all('follows'), posts: await all('posts') };
}

async function write(db) {
  await db.collection('users').insertMany([
    { _id: 'node-ann', displayName: 'Ann from Node', avatarUrl: 'https://example.com/ann.png', bio: 'written by the Node driver' },
    { _id: 'node-ben', displayName: 'Ben' },
  ]);
  await db.collection('follows').insertOne({ follower: 'node-ann', followee: 'node-ben', createdAt: new Date(1700000000000) });
  const posts = [
    { _id: new ObjectId('65f0a1b2c3d4e5f601000001'), authorId: 'node-ben', text: 'first ✓', createdAt: new Date(1700000000100) },
    { _id: new ObjectId('65f0a1b2c3d4e5f601000002'), authorId: 'node-ben', text: 'same millisecond', createdAt: new Date(1700000000100) },
    { _id: new ObjectId('65f0a1b2c3d4e5f601000003'), authorId: 'node-ann', text: 'newest', createdAt: new Date(1700000000200) },
  ];
  await db.collection('posts').insertMany(posts);
  return posts.map(p => p._id.toHexString());
}

(async () => {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const { mode, uri, db: dbName } = JSON.parse(input);
  const client = new MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 10000 });
  try {
    const db = client.db(dbName);
    const result = mode === 'read' ? await read(db) : await write(db);
    process.stdout.write(JSON.stringify(result));
  } finally {
    await client.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
