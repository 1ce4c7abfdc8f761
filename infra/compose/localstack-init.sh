#!/bin/sh
# LocalStack runs this once it is ready (mounted into /etc/localstack/init/ready.d/):
# the buckets, table, queues and S3→SQS notification that infra/ creates on AWS.
set -eu

ORIGINALS_BUCKET=photoshare-originals
PROCESSED_BUCKET=photoshare-processed
QUEUE_NAME=photoshare-jobs
DLQ_NAME=photoshare-jobs-dlq
MAX_RECEIVE_COUNT=5
VISIBILITY_SECONDS=300
TABLE_NAME=PhotoMetadata
TTL_ATTRIBUTE=purgeAt

awslocal s3api create-bucket --bucket "$ORIGINALS_BUCKET"
awslocal s3api create-bucket --bucket "$PROCESSED_BUCKET"
awslocal s3api put-bucket-versioning --bucket "$ORIGINALS_BUCKET" --versioning-configuration Status=Enabled

awslocal dynamodb create-table --cli-input-json file:///etc/localstack/init/photo-table.json
# Rate-limit counters expire by themselves (PHOTO_TABLE.timeToLive in src/adapters/aws/photo-table-layout.ts).
awslocal dynamodb update-time-to-live --table-name "$TABLE_NAME" --time-to-live-specification "Enabled=true,AttributeName=$TTL_ATTRIBUTE"

dlq_url=$(awslocal sqs create-queue --queue-name "$DLQ_NAME" --query QueueUrl --output text)
dlq_arn=$(awslocal sqs get-queue-attributes --queue-url "$dlq_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)
queue_url=$(awslocal sqs create-queue --queue-name "$QUEUE_NAME" --attributes \
  "{\"VisibilityTimeout\":\"$VISIBILITY_SECONDS\",\"ReceiveMessageWaitTimeSeconds\":\"20\",\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":\\\"$MAX_RECEIVE_COUNT\\\"}\"}" \
  --query QueueUrl --output text)
queue_arn=$(awslocal sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)

awslocal s3api put-bucket-notification-configuration --bucket "$ORIGINALS_BUCKET" --notification-configuration \
  "{\"QueueConfigurations\":[{\"QueueArn\":\"$queue_arn\",\"Events\":[\"s3:ObjectCreated:*\"],\"Filter\":{\"Key\":{\"FilterRules\":[{\"Name\":\"prefix\",\"Value\":\"originals/\"}]}}}]}"

echo "photoshare: buckets, table, queues and notification ready"
