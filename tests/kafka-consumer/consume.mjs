// Reads the service's events with kafkajs, a Kafka client that shares no code with librdkafka, as one member of a
// consumer group: node consume.mjs <brokers> <topic> <group> <file of the event ids to wait for, one a line> [timeout ms].
// Prints the messages as one JSON array on stdout: partition, offset, key, headers (UTF-8 text) and value (text).
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';

const [brokers, topic, groupId, idsFile, timeoutMs] = process.argv.slice(2);
if (!brokers || !topic || !groupId || !idsFile) {
  console.error('usage: node consume.mjs <brokers> <topic> <group> <ids file> [timeout ms]');
  process.exit(2);
}
const missing = new Set(readFileSync(idsFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0));

const kafka = new Kafka({ clientId: 'kafkajs-test-consumer', brokers: brokers.split(','), logLevel: logLevel.ERROR });
const consumer = kafka.consumer({ groupId });
const messages = [];
let finish;
const done = new Promise((resolve) => { finish = resolve; });
const timer = setTimeout(() => finish(), Number(timeoutMs ?? 60000));

await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const headers = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = value?.toString('utf8') ?? null;
    messages.push({ partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, headers, value: message.value?.toString('utf8') ?? null });
    missing.delete(headers.ce_id);
    if (missing.size === 0) finish();
  },
});
await done;
clearTimeout(timer);
if (missing.size > 0) console.error(`timed out with ${missing.size} event(s) not received`);
await consumer.disconnect();
process.stdout.write(JSON.stringify(messages));
