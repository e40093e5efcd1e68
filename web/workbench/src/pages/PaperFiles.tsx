/**
 * A problem paper's files (002: 省卫健委正式函件, 盖章的正式版, 论文原文): the list every level of the paper's branch
 * sees, upload with a kind (GET/POST /papers/{id}/files; the API says which kinds the caller's organisation may upload
 * now and refuses the rest beside the upload), download; and the picker of `letterFileId` in the review actions
 * (return_result needs its official letter, approve takes one where the reviewer's settings ask for it).
 */
import { Alert, App, Button, Card, Form, Select, Table, Upload } from 'antd';
import { useState } from 'react';
import { api, asError, type Schema } from '../api';
import { useI18n } from '../i18n';
import type { FieldOverrides } from '../SchemaForm';

export type PaperFile = Schema<'PaperFile'>;
const KINDS = ['official_letter', 'stamped_result', 'draft_material', 'original_paper', 'other'] as const;
type Kind = (typeof KINDS)[number];

export async function loadPaperFiles(id: string): Promise<PaperFile[]> {
  const res = await api().GET('/api/v1/papers/{id}/files', { params: { path: { id } } });
  return res.data ?? [];
}

/** Uploads one file; the stored file, or the API's refusal as one line. */
async function uploadPaperFile(id: string, kind: Kind, file: File): Promise<{ file?: PaperFile; error?: string }> {
  const res = await api().POST('/api/v1/papers/{id}/files', {
    params: { path: { id } },
    body: { kind, file: '' }, // typed by the document; the form below carries it
    bodySerializer: () => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', file, file.name);
      return form;
    },
  });
  if (res.data) return { file: res.data as PaperFile };
  const err = asError(res.response.status, res.error);
  return { error: [err.message, ...err.body.issues.map((i) => `${i.path}: ${i.message}`)].join('；') };
}

export function PaperFiles({ paperId, files, canUpload, onUploaded }: { paperId: string; files: PaperFile[]; canUpload: boolean; onUploaded: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>('official_letter');
  const [error, setError] = useState<string>();

  const upload = async (file: File) => {
    setError(undefined);
    const res = await uploadPaperFile(paperId, kind, file);
    if (res.error) return setError(res.error);
    void message.success(t('files.uploaded', { name: file.name }));
    onUploaded();
  };
  const download = async (f: PaperFile) => {
    const res = await api().GET('/api/v1/papers/{id}/files/{fileId}', { params: { path: { id: paperId, fileId: f.id } }, parseAs: 'blob' });
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    const url = URL.createObjectURL(res.data);
    const a = document.createElement('a');
    a.href = url;
    a.download = f.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <Card title={t('paper.files')} id="paper-files">
      {canUpload && (
        <Form layout="inline" style={{ marginBottom: 12 }}>
          <Form.Item label={t('files.kind')}>
            <Select id="paper-file-kind" style={{ width: 200 }} value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: t(`fileKind.${k}`) }))} />
          </Form.Item>
          <Form.Item>
            <Upload showUploadList={false} customRequest={({ file, onSuccess }) => void upload(file as File).then(() => onSuccess?.({}))}>
              <Button id="paper-file-upload">{t('files.upload')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      )}
      {error && <Alert type="error" title={error} id="paper-file-error" style={{ marginBottom: 12 }} />}
      <Table<PaperFile>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={files}
        columns={[
          { title: t('files.kind'), dataIndex: 'kind', render: (k: string) => t(`fileKind.${k}`) },
          { title: t('files.name'), dataIndex: 'filename' },
          { title: t('files.size'), dataIndex: 'size', render: (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`) },
          { title: t('files.uploadedAt'), dataIndex: 'uploadedAt', render: (d: string) => new Date(d).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' }) },
          {
            title: '',
            key: 'dl',
            render: (_, f) => (
              <Button size="small" onClick={() => void download(f)} className="file-download">
                {t('files.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * `letterFileId` as a choice among the paper's letters (official letters and stamped results), with an upload of a new
 * official letter in place: the reviewer does not copy ids. The API still decides (a letter of another paper or of
 * another kind is refused beside this field).
 */
export function letterOverrides(paperId: string, files: PaperFile[], onUploaded: () => void): FieldOverrides {
  return {
    letterFileId: ({ name, label, required }) => <LetterPicker key="letterFileId" paperId={paperId} files={files} name={name} label={label} required={required} onUploaded={onUploaded} />,
  };
}

function LetterPicker({ paperId, files, name, label, required, onUploaded }: { paperId: string; files: PaperFile[]; name: Parameters<FieldOverrides[string]>[0]['name']; label: string; required: boolean; onUploaded: () => void }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const [error, setError] = useState<string>();
  const letters = files.filter((f) => f.kind === 'official_letter' || f.kind === 'stamped_result');
  return (
    <Form.Item label={label} required={required} extra={error && <span id="letter-upload-error">{error}</span>}>
      <div style={{ display: 'flex', gap: 8 }}>
        <Form.Item name={name} noStyle rules={required ? [{ required: true }] : []}>
          <Select id="letterFileId" allowClear style={{ flex: 1 }} placeholder={t('paper.chooseLetter')} options={letters.map((f) => ({ value: f.id, label: `${t(`fileKind.${f.kind}`)} · ${f.filename}` }))} />
        </Form.Item>
        <Upload
          showUploadList={false}
          customRequest={({ file, onSuccess }) =>
            void uploadPaperFile(paperId, 'official_letter', file as File).then((res) => {
              setError(res.error);
              if (res.file) {
                form.setFieldValue(name, res.file.id);
                onUploaded();
              }
              onSuccess?.({});
            })
          }
        >
          <Button id="letter-upload">{t('paper.uploadLetter')}</Button>
        </Upload>
      </div>
    </Form.Item>
  );
}
