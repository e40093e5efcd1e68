import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, hasToken, signOut, type Me } from './api';
import { I18nContext, initialLang, makeI18n, type Lang } from './i18n';
import { Login } from './pages/Login';
import { href, navigate, useRoute } from './router';

// Each page is its own chunk, fetched when its route is first opened (scripts/build-web.ts prints the chunks): the
// sign-in page loads the frame and the form only; the case page's forms, the decision editor and the paper pages
// come when an officer opens them.
const MyWork = lazy(() => import('./pages/MyWork').then((m) => ({ default: m.MyWork })));
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
const PaperPage = lazy(() => import('./pages/PaperPage').then((m) => ({ default: m.PaperPage })));
const RegisterCase = lazy(() => import('./pages/RegisterCase').then((m) => ({ default: m.RegisterCase })));

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  const [me, setMe] = useState<Me | null | undefined>(hasToken() ? undefined : null);
  const route = useRoute();

  const loadMe = useCallback(async () => {
    const res = await api().GET('/api/v1/auth/me');
    if (res.data) setMe(res.data);
    else {
      signOut();
      setMe(null);
    }
  }, []);

  useEffect(() => {
    if (me === undefined) void loadMe();
  }, [me, loadMe]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t('app.title');
  }, [lang, i18n]);

  const switchLang = () => {
    const next = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('workbench.lang', next);
    setLang(next);
  };

  let content;
  if (me === undefined) content = <Spin />;
  else if (me === null) content = <Login onSignedIn={() => setMe(undefined)} />;
  else if (route.page === 'register') content = <RegisterCase me={me} />;
  else if (route.page === 'case') content = <CasePage key={route.id} me={me} id={route.id} />;
  else if (route.page === 'paper') content = <PaperPage key={route.id} id={route.id} />;
  else content = <MyWork me={me} />;

  const selected = route.page === 'register' ? 'register' : 'work';
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4 } }}>
      <I18nContext.Provider value={i18n}>
        <AntApp>
          <Layout style={{ minHeight: '100vh' }}>
            <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#8b1a1a' }}>
              <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }} id="app-title">
                {i18n.t('app.title')}
              </Typography.Title>
              {me ? (
                <Menu
                  theme="dark"
                  mode="horizontal"
                  style={{ flex: 1, background: 'transparent' }}
                  selectedKeys={[selected]}
                  items={[
                    {
                      key: 'work',
                      label: (
                        <a href={href({ page: 'work' })} id="nav-work" onClick={(e) => (e.preventDefault(), navigate({ page: 'work' }))}>
                          {i18n.t('nav.work')}
                        </a>
                      ),
                    },
                    {
                      key: 'register',
                      label: (
                        <a
                          href={href({ page: 'register' })}
                          id="nav-register"
                          onClick={(e) => (e.preventDefault(), navigate({ page: 'register' }))}
                        >
                          {i18n.t('nav.register')}
                        </a>
                      ),
                    },
                    ...(me.roles.includes('supervisor')
                      ? [{ key: 'dashboard', label: <a href="/dashboard">{i18n.t('nav.dashboard')}</a> }]
                      : []),
                  ]}
                />
              ) : (
                <div style={{ flex: 1 }} />
              )}
              <Space>
                {me && (
                  <Typography.Text style={{ color: '#fff' }} id="whoami">
                    {me.name}（{me.organisation.name}）
                  </Typography.Text>
                )}
                <Button size="small" id="lang-switch" onClick={switchLang}>
                  {i18n.t('lang.switch')}
                </Button>
                {me && (
                  <Button
                    size="small"
                    id="sign-out"
                    onClick={() => {
                      signOut();
                      setMe(null);
                      navigate({ page: 'work' });
                    }}
                  >
                    {i18n.t('nav.signOut')}
                  </Button>
                )}
              </Space>
            </Layout.Header>
            <Layout.Content style={{ padding: 24 }}>
              <Suspense fallback={<Spin />}>{content}</Suspense>
            </Layout.Content>
          </Layout>
        </AntApp>
      </I18nContext.Provider>
    </ConfigProvider>
  );
}
