/**
 * A problem paper's files (002: 省卫健委正式函件, 盖章的正式版, 论文原文): the list every level of the paper's branch
 * sees, upload with a kind (GET/POST /papers/{id}/files; the API says which kinds the caller's organisation may upload
 * now and refuses the rest beside the upload), download; and the picker of `letterFileId` in the review actions
 * (return_result needs its official letter, approve takes one where the reviewer's settings ask for it).
 */
import { Button, Form, Select, Upload } from 'antd';
import { useState } from 'react';
import { api, type Schema } from '../api';
import { FilesCard, uploadAs, type UploadOutcome } from '../FilesCard';
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
function uploadPaperFile(id: string, kind: Kind, file: File): Promise<UploadOutcome<PaperFile>> {
  return uploadAs(
    (form) =>
      api()
        .POST('/api/v1/papers/{id}/files', { params: { path: { id } }, body: { kind, file: '' }, bodySerializer: form }) // typed by the document; the form carries it
        .then((res) => ({ ...res, data: res.data as PaperFile | undefined })),
    kind,
    file,
  );
}

export function PaperFiles({
  paperId,
  files,
  canUpload,
  onUploaded,
}: {
  paperId: string;
  files: PaperFile[];
  canUpload: boolean;
  onUploaded: () => void;
}) {
  const { t } = useI18n();
  return (
    <FilesCard<PaperFile>
      ids={{ card: 'paper-files', kind: 'paper-file-kind', upload: 'paper-file-upload', error: 'paper-file-error' }}
      title={t('paper.files')}
      kinds={KINDS}
      defaultKind="official_letter"
      files={files}
      canUpload={canUpload}
      upload={(kind, file) => uploadPaperFile(paperId, kind as Kind, file)}
      download={(f) =>
        api().GET('/api/v1/papers/{id}/files/{fileId}', { params: { path: { id: paperId, fileId: f.id } }, parseAs: 'blob' })
      }
      onUploaded={onUploaded}
    />
  );
}

/**
 * `letterFileId` as a choice among the paper's letters (official letters and stamped results), with an upload of a new
 * official letter in place: the reviewer does not copy ids. The API still decides (a letter of another paper or of
 * another kind is refused beside this field).
 */
export function letterOverrides(paperId: string, files: PaperFile[], onUploaded: () => void): FieldOverrides {
  return {
    letterFileId: ({ name, label, required }) => (
      <LetterPicker
        key="letterFileId"
        paperId={paperId}
        files={files}
        name={name}
        label={label}
        required={required}
        onUploaded={onUploaded}
      />
    ),
  };
}

function LetterPicker({
  paperId,
  files,
  name,
  label,
  required,
  onUploaded,
}: {
  paperId: string;
  files: PaperFile[];
  name: Parameters<FieldOverrides[string]>[0]['name'];
  label: string;
  required: boolean;
  onUploaded: () => void;
}) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const [error, setError] = useState<string>();
  const letters = files.filter((f) => f.kind === 'official_letter' || f.kind === 'stamped_result');
  return (
    <Form.Item label={label} required={required} extra={error && <span id="letter-upload-error">{error}</span>}>
      <div style={{ display: 'flex', gap: 8 }}>
        <Form.Item name={name} noStyle rules={required ? [{ required: true }] : []}>
          <Select
            id="letterFileId"
            allowClear
            style={{ flex: 1 }}
            placeholder={t('paper.chooseLetter')}
            options={letters.map((f) => ({ value: f.id, label: `${t(`fileKind.${f.kind}`)} · ${f.filename}` }))}
          />
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
