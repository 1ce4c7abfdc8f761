import t from 'tap';
import { decodeS3Key, jobsFromS3Event } from '../../src/adapters/aws/s3-event.js';
import { jobFromMessage, jobMessage } from '../../src/adapters/aws/job-message.js';
import { s3EventBody } from '../helpers/s3-to-sqs.js';

t.test('S3 notification keys are URL-decoded with + as space', async (t) => {
  t.equal(decodeS3Key('originals/u/my+photo%2B1.jpg'), 'originals/u/my photo+1.jpg');
  t.equal(decodeS3Key('originals/user_1/abc-DEF'), 'originals/user_1/abc-DEF');
});

t.test('jobs come only from created originals', async (t) => {
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/U1/P1', 1)), [{ userId: 'U1', photoId: 'P1', key: 'originals/U1/P1' }]);
  t.same(
    jobsFromS3Event(s3EventBody('b', 'originals/U1/P1', 1, 'ObjectCreated:CompleteMultipartUpload')).length,
    1,
    'multipart uploads too',
  );
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/U1/P1', 1, 'ObjectRemoved:Delete')), []);
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/../etc/passwd', 1)), [], 'odd keys are ignored');
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/U1/P1/extra', 1)), []);
  t.same(jobsFromS3Event('{"Event":"s3:TestEvent"}'), []);
  t.same(jobsFromS3Event('{'), []);
});

t.test("the API's own jobs: a full-size copy of the named photo's original, nothing else", async (t) => {
  const job = { photoId: 'P1', userId: 'U1', key: 'originals/U1/P1', task: 'full-size' as const };
  t.same(jobFromMessage(jobMessage(job)), job, 'read back as sent');
  t.same(jobsFromS3Event(jobMessage(job)), [], 'not mistaken for an S3 event');
  t.equal(jobFromMessage(s3EventBody('b', 'originals/U1/P1', 1)), null, 'an S3 event is not one');
  const sent = JSON.parse(jobMessage(job)) as Record<string, unknown>;
  for (const [what, body] of [
    ['another user', { ...sent, userId: 'U2' }],
    ['another photo', { ...sent, photoId: 'P2' }],
    ['a key outside originals/', { ...sent, key: 'processed/U1/P1/full.jpg' }],
    ['another task', { ...sent, task: 'delete-everything' }],
    ['no marker', { ...sent, photoshare: undefined }],
  ] as const) {
    t.equal(jobFromMessage(JSON.stringify(body)), null, `refused: ${what}`);
  }
  t.equal(jobFromMessage('{'), null);
});
