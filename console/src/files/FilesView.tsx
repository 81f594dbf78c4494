import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { describeError } from '../api/client';
import { useApi } from '../api/context';
import { ContentSearch } from '../search/ContentSearch';
import { UploadPanel } from '../upload/UploadPanel';
import { UploadQueue } from '../upload/uploadQueue';
import { xhrTransport } from '../upload/xhrTransport';
import { FileDetails } from './FileDetails';
import { FileList } from './FileList';

export function FilesView() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const queue = useMemo(
    () =>
      new UploadQueue({
        createSession: (request, key, signal) => api.createUploadSession(request, key, signal),
        transport: xhrTransport,
        describe: describeError,
        onUploaded: () => void queryClient.invalidateQueries({ queryKey: ['files'] }),
        onCancelled: (fileId, etag) => {
          // The session's pending record goes too; a failure here leaves it to reconciliation.
          api
            .deleteFile(fileId, etag)
            .catch(() => undefined)
            .finally(() => void queryClient.invalidateQueries({ queryKey: ['files'] }));
        },
      }),
    [api, queryClient],
  );
  return (
    <main className="files-view">
      <div className="files-main">
        <UploadPanel queue={queue} />
        <ContentSearch onSelect={(file) => setSelected(file.id)} />
        <FileList selectedId={selected} onSelect={(file) => setSelected(file.id)} />
      </div>
      {selected && <FileDetails key={selected} fileId={selected} onClose={() => setSelected(null)} />}
    </main>
  );
}
