import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { api, signIn } from '../api';
import { useI18n } from '../i18n';

export function Login({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await api().POST('/api/v1/auth/login', { body: values });
      if (res.data) {
        signIn(res.data.accessToken);
        onSignedIn();
      } else
        setError(
          res.response.status === 401
            ? t('login.failed')
            : ((res.error as { message?: string } | undefined)?.message ?? `HTTP ${res.response.status}`),
        );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('login.title')} style={{ maxWidth: 420, margin: '64px auto' }}>
      <Form layout="vertical" id="login-form" onFinish={(v: { username: string; password: string }) => void submit(v)}>
        <Form.Item
          label={t('login.username')}
          name="username"
          rules={[{ required: true, message: t('form.required', { label: t('login.username') }) }]}
        >
          <Input id="username" autoComplete="username" />
        </Form.Item>
        <Form.Item
          label={t('login.password')}
          name="password"
          rules={[{ required: true, message: t('form.required', { label: t('login.password') }) }]}
        >
          <Input.Password id="password" autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" id="login-error" title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('login.submit')}
        </Button>
      </Form>
    </Card>
  );
}
