// Starts s3rver for the media store's S3 tests: node --openssl-legacy-provider launch.mjs <data directory> <bucket>
// (s3rver encrypts the continuation tokens of long listings with DES, which Node 17+ has only in that provider).
// S3RVER_LOG=1 prints s3rver's request log.
// Listens on a free loopback port, creates the bucket, prints "s3rver listening on <port>" once ready, and stops when
// its standard input closes, so it never outlives the test process that started it.
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: node launch.mjs <data directory> <bucket>');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: process.env.S3RVER_LOG !== '1',
  configureBuckets: [{ name: bucket, configs: [] }],
});
const { port } = await server.run();
console.log(`s3rver listening on ${port}`);

process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
