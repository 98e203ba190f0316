// Cross-check with the official Node driver. Usage:
//   node crosscheck.js read  <uri> <db> <collection>   prints each document's fields as {name: [type, value]}
//   node crosscheck.js write <uri> <db> <collection>   inserts one document holding every common BSON type
// NODE_MODULES points at client-js/node_modules.
const path = require('path');
const { MongoClient, Int32, Long, Double, ObjectId, Binary } = require(path.join(process.env.NODE_MODULES, 'mongodb'));

function describe(value) {
  if (value === null) return ['null', null];
  if (value instanceof Date) return ['date', value.getTime()];
  if (Array.isArray(value)) return ['array', value.map(describe)];
  if (value && value._bsontype) {
    switch (value._bsontype) {
      case 'Int32': case 'Double': return [value._bsontype, value.valueOf()];
      case 'Long': return ['Long', value.toString()];
      case 'ObjectId': return ['ObjectId', value.toHexString()];
      case 'Binary': return ['Binary', [value.sub_type, Buffer.from(value.buffer).toString('hex')]];
      default: return [value._bsontype, String(value)];
    }
  }
  if (typeof value === 'object') return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]))];
  return [typeof value, value];
}

(async () => {
  const [mode, uri, dbName, collectionName] = process.argv.slice(2);
  const client = new MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 10000 });
  try {
    const collection = client.db(dbName).collection(collectionName);
    if (mode === 'read') {
      const docs = await collection.find({}, { promoteValues: false, promoteLongs: false }).toArray();
      console.log(JSON.stringify(docs.map(d => describe(d)[1])));
    } else {
      await collection.insertOne({
        s: 'from node ✓',
        i32: new Int32(42),
        i64: Long.fromString('9007199254740993'),
        d: new Double(2.5),
        b: false,
        dt: new Date(1700000000123),
        oid: new ObjectId('65f0a1b2c3d4e5f601234567'),
        nested: { inner: 'yes', arr: [new Int32(1), 'two'] },
        arr: [new Int32(1), 'two', null],
        n: null,
        bin: new Binary(Buffer.from([1, 2, 3]), 0),
      });
      console.log('WROTE');
    }
  } finally {
    await client.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
