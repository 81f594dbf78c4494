import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BlobTransport } from './uploadQueue';
import { UploadQueue } from './uploadQueue';
import { UploadPanel } from './UploadPanel';

describe('UploadPanel', () => {
  it('lists picked files with progress, shows a failed block and retries it from the keyboard', async () => {
    let fail = true;
    const transport: BlobTransport = {
      putBlob: async (_u, _h, body, onProgress) => {
        onProgress(body.size);
        if (fail) {
          fail = false;
          throw new Error('Blob Storage answered 500.');
        }
      },
      putBlock: async () => {},
      putBlockList: async () => {},
    };
    const queue = new UploadQueue({
      transport,
      attemptsPerBlock: 1,
      createSession: async (request) => ({
        fileId: 'f1',
        uploadUrl: 'http://127.0.0.1:10000/devstoreaccount1/c/b?sig=x',
        method: 'PUT',
        headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': request.contentType },
        expiresAt: '',
        file: { id: 'f1', name: request.name, contentType: request.contentType, size: request.size, status: 'pending', tags: {}, createdAt: '', updatedAt: '', etag: '"1"' },
      }),
    });
    render(<UploadPanel queue={queue} />);
    await userEvent.upload(screen.getByTestId('file-input'), new File(['hello'], 'hello.txt', { type: 'text/plain' }));

    const row = await screen.findByRole('listitem', { name: 'hello.txt' });
    expect(await within(row).findByRole('alert')).toHaveTextContent('Block 1 failed: Blob Storage answered 500.');
    expect(within(row).getByTestId('upload-state')).toHaveTextContent('Failed');
    expect(within(row).getByRole('progressbar', { name: 'Upload of hello.txt' })).toBeInTheDocument();

    within(row).getByRole('button', { name: 'Retry hello.txt' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(await within(row).findByText('Uploaded')).toBeInTheDocument();
    expect(within(row).getByText(/100%/)).toBeInTheDocument();
  });
});
