// An end-to-end run of Chirp.Server with masto.js, the Mastodon client library many apps are built on.
// Usage: node e2e.mjs <server url>. Exits non-zero, printing the step, on the first failure.
import { createOAuthAPIClient, createRestAPIClient } from "masto";

const url = process.argv[2];
if (!url) {
  console.error("usage: node e2e.mjs <server url>");
  process.exit(2);
}

let step = "start";
const check = (condition, message) => {
  if (!condition) {
    throw new Error(`${step}: ${message}`);
  }
};

// A 1x1 PNG.
const png = Uint8Array.from(Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));

try {
  step = "register an app";
  const anonymous = createRestAPIClient({ url });
  const app = await anonymous.v1.apps.create({ clientName: "masto e2e", redirectUris: "urn:ietf:wg:oauth:2.0:oob", scopes: "read write follow" });
  check(app.clientId && app.clientSecret, "no client credentials");

  step = "app token";
  const oauth = createOAuthAPIClient({ url });
  const appToken = await oauth.token.create({ grantType: "client_credentials", clientId: app.clientId, clientSecret: app.clientSecret, scope: "read write follow" });
  const appClient = createRestAPIClient({ url, accessToken: appToken.accessToken });

  step = "sign up";
  const password = "a long enough password";
  await appClient.v1.accounts.create({ username: "ann", email: "ann@example.com", password, agreement: true, locale: "en" });
  await appClient.v1.accounts.create({ username: "bob", email: "bob@example.com", password, agreement: true, locale: "en" });

  step = "log in";
  const login = async (email) => {
    const token = await oauth.token.create({ grantType: "password", clientId: app.clientId, clientSecret: app.clientSecret, username: email, password, scope: "read write follow" });
    return createRestAPIClient({ url, accessToken: token.accessToken });
  };
  const ann = await login("ann@example.com");
  const bob = await login("bob@example.com");
  const annAccount = await ann.v1.accounts.verifyCredentials();
  check(annAccount.username === "ann", `verify_credentials gave ${annAccount.username}`);

  step = "upload media";
  const media = await ann.v2.media.create({ file: new Blob([png], { type: "image/png" }), description: "a pixel" });
  check(media.url && media.meta?.original?.width === 1, "media has no url or size");

  step = "post";
  const first = await ann.v1.statuses.create({ status: "Hello #mastoe2e from masto.js", mediaIds: [media.id] });
  check(first.mediaAttachments.length === 1, "the media is not attached");
  check(first.tags.some((tag) => tag.name === "mastoe2e"), "the hashtag is missing");

  step = "follow";
  const relationship = await bob.v1.accounts.$select(annAccount.id).follow();
  check(relationship.following, "bob does not follow ann");

  step = "more posts";
  const posted = [first.id];
  for (let i = 0; i < 6; i++) {
    posted.push((await ann.v1.statuses.create({ status: `post number ${i}` })).id);
  }

  step = "reply";
  const reply = await bob.v1.statuses.create({ status: "@ann nice one", inReplyToId: first.id });
  check(reply.inReplyToId === first.id, "the reply does not point at its parent");

  step = "favourite and reblog";
  const favourited = await bob.v1.statuses.$select(first.id).favourite();
  check(favourited.favourited && favourited.favouritesCount === 1, "favourite not counted");
  const reblog = await bob.v1.statuses.$select(first.id).reblog();
  check(reblog.reblog?.id === first.id, "the reblog does not wrap the original");

  step = "home timeline, page by page";
  const seen = [];
  let pages = 0;
  for await (const page of bob.v1.timelines.home.list({ limit: 2 })) {
    pages++;
    for (const status of page) {
      seen.push(status.reblog?.id ?? status.id);
    }
    if (pages > 50) {
      break;
    }
  }
  check(pages >= 4, `only ${pages} pages`);
  for (const id of posted) {
    check(seen.includes(id), `status ${id} is missing from bob's home timeline`);
  }
  check(new Set(seen.filter((id) => id !== first.id)).size === seen.filter((id) => id !== first.id).length, "a status repeats across pages");

  step = "context";
  const context = await ann.v1.statuses.$select(first.id).context.fetch();
  check(context.descendants.some((status) => status.id === reply.id), "the reply is not in the context");

  step = "search";
  let found = false;
  for (let attempt = 0; attempt < 100 && !found; attempt++) {
    const result = await bob.v2.search.list({ q: "#mastoe2e", type: "statuses" });
    found = result.statuses.some((status) => status.id === first.id);
    if (!found) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  check(found, "search did not find the status");

  step = "unknown status";
  try {
    await ann.v1.statuses.$select("999999").fetch();
    check(false, "an unknown status did not fail");
  } catch (error) {
    check(error.statusCode === 404, `expected 404, got ${error.statusCode ?? error}`);
  }

  console.log(`masto.js e2e passed: ${posted.length} posts, ${pages} home pages`);
} catch (error) {
  console.error(`masto.js e2e failed at "${step}": ${error?.stack ?? error}`);
  process.exit(1);
}
