/**
 * The files card of a case (evidence) and of a problem paper (letters, results): upload with a kind, the list, download.
 * The page says where the files go (`upload`, `download`: the generated client's calls for its resource) and under which
 * element ids (the browser tests find them by id); the API decides what may be uploaded and the card shows its refusal.
 */
import { Alert, App, Button, Card, Form, Select, Table, Upload } from 'antd';
import { useState } from 'react';
import { asError } from './api';
import { useI18n } from './i18n';

/** What a case's evidence file and a paper's file have in common (EvidenceFile, PaperFile). */
export interface StoredFile {
  id: string;
  kind: string;
  filename: string;
  size: number;
  uploadedAt: string;
}

/** An openapi-fetch answer, as the upload and download calls give it. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The stored file, or the API's refusal as one line (its message, then each issue). */
export type UploadOutcome<F> = { file: F; error?: undefined } | { file?: undefined; error: string };

/** Sends `kind` and `file` as multipart/form-data through `post` (the client's POST of the resource's files). */
export async function uploadAs<F>(post: (form: () => FormData) => Promise<Answer<F>>, kind: string, file: File): Promise<UploadOutcome<F>> {
  const res = await post(() => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    return form;
  });
  if (res.data) return { file: res.data };
  const err = asError(res.response.status, res.error);
  return { error: [err.message, ...err.body.issues.map((i) => `${i.path}: ${i.message}`)].join('；') };
}

/** Hands a downloaded blob to the browser as a file named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Props<F extends StoredFile> {
  /** Element ids: the card (`<ids>`), the kind select, the upload button, the error (e.g. case-files, file-kind …). */
  ids: { card: string; kind: string; upload: string; error: string };
  title: string;
  kinds: readonly string[];
  defaultKind: string;
  files: F[];
  canUpload: boolean;
  /** The stored file is not used: the page lists its files again (onUploaded). */
  upload: (kind: string, file: File) => Promise<UploadOutcome<unknown>>;
  download: (file: F) => Promise<Answer<Blob>>;
  onUploaded: () => void;
}

export function FilesCard<F extends StoredFile>({
  ids,
  title,
  kinds,
  defaultKind,
  files,
  canUpload,
  upload,
  download,
  onUploaded,
}: Props<F>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState(defaultKind);
  const [error, setError] = useState<string>();

  const send = async (file: File) => {
    setError(undefined);
    const res = await upload(kind, file);
    if (res.error !== undefined) return setError(res.error);
    void message.success(t('files.uploaded', { name: file.name }));
    onUploaded();
  };
  const fetchFile = async (f: F) => {
    const res = await download(f);
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    saveBlob(res.data, f.filename);
  };

  return (
    <Card title={title} id={ids.card}>
      {canUpload && (
        <Form layout="inline" style={{ marginBottom: 12 }}>
          <Form.Item label={t('files.kind')}>
            <Select
              id={ids.kind}
              style={{ width: 200 }}
              value={kind}
              onChange={setKind}
              options={kinds.map((k) => ({ value: k, label: t(`fileKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Upload showUploadList={false} customRequest={({ file, onSuccess }) => void send(file as File).then(() => onSuccess?.({}))}>
              <Button id={ids.upload}>{t('files.upload')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      )}
      {error && <Alert type="error" title={error} id={ids.error} style={{ marginBottom: 12 }} />}
      <Table<F>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={files}
        columns={[
          { title: t('files.kind'), dataIndex: 'kind', render: (k: string) => t(`fileKind.${k}`) },
          { title: t('files.name'), dataIndex: 'filename' },
          { title: t('files.size'), dataIndex: 'size', render: (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`) },
          {
            title: t('files.uploadedAt'),
            dataIndex: 'uploadedAt',
            render: (d: string) => new Date(d).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' }),
          },
          {
            title: '',
            key: 'dl',
            render: (_, f) => (
              <Button size="small" onClick={() => void fetchFile(f)} className="file-download">
                {t('files.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
