// Starts s3rver for the media store's S3 tests: node launch.mjs <data directory> <bucket>.
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
  silent: true,
  configureBuckets: [{ name: bucket, configs: [] }],
});
const { port } = await server.run();
console.log(`s3rver listening on ${port}`);

process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
