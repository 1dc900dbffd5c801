import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AppFunction, type FunctionEnvironment } from './app-function';
import { WorkQueue } from './work-queue';

export interface CertificatesProps {
  table: ITable;
  exportsBucket: IBucket;
  mailQueue: WorkQueue;
  environment: FunctionEnvironment;
}

/**
 * Certificates of attendance:
 *
 *   certificates job / organiser pages ─▶ certificates queue ─▶ certificate renderer
 *   renderer ─▶ register (table), PDF (exports bucket, certificates/), mail queue
 *
 * The renderer is the only function that bundles the PDF library and its fonts, so neither the
 * mailer nor the http function pays for them at cold start.
 */
export class Certificates extends Construct {
  readonly queue: WorkQueue;
  readonly renderer: AppFunction;

  constructor(scope: Construct, id: string, props: CertificatesProps) {
    super(scope, id);
    this.queue = new WorkQueue(this, 'Queue', {
      name: 'certificates',
      urlVariable: 'CERTIFICATES_QUEUE_URL',
    });
    this.renderer = new AppFunction(this, 'Renderer', {
      name: 'certificateRenderer',
      environment: props.environment,
    })
      .bindQueue(this.queue, 'consume')
      // Numbers and register entries: the year's counter and the entries in one transaction.
      .bindTable(props.table, 'readWrite')
      // Writes the PDFs the mailer attaches and the print files organisers download.
      .bindBucket(props.exportsBucket, 'write')
      .bindQueue(props.mailQueue, 'send');
  }
}
