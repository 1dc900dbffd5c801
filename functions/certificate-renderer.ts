import { functionConfig } from '../shared/config';
import { createCertificateRendererHandler } from '../shared/lambda/certificate-renderer-handler';
import { loadLinkKeys } from '../shared/link-keys';
import { renderCertificatesPdf } from '../shared/web/certificates/certificate-pdf';
import { certificateRendererDeps } from '../shared/wiring';

// Verification links are signed with the link keys' oldest key: the keys first.
await loadLinkKeys();
const config = functionConfig('certificateRenderer');

/** Numbers, renders and stores certificates, and queues their email. */
export const handler = createCertificateRendererHandler(
  certificateRendererDeps(config, renderCertificatesPdf),
);
