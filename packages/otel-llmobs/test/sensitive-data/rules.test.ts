import { describe, expect, it } from 'vitest';
import { scanSensitiveData } from '../../src/sensitive-data/scan-sensitive-data.js';
import { base62, crc32 } from '../../src/sensitive-data/validators.js';

/** [entityType, matched text] of every finding. */
const found = (text: string): Array<[string, string]> => scanSensitiveData(text).map((m) => [m.entityType, text.slice(m.start, m.end)]);
const types = (text: string): string[] => scanSensitiveData(text).map((m) => m.entityType);

function githubToken(prefix: string, body30: string): string {
  return `${prefix}_${body30}${base62(crc32(body30), 6)}`;
}

describe('built-in rules: what they find', () => {
  it.each([
    ['Visa 4x4 with spaces', 'card 4539 1488 0343 6467 please', '4539 1488 0343 6467'],
    ['Visa compact', 'カード番号 4539148803436467 で', '4539148803436467'],
    ['Mastercard with dashes', 'MC: 5555-5555-5555-4444.', '5555-5555-5555-4444'],
    ['Mastercard 2-series', 'pay with 2221000000000009', '2221000000000009'],
    ['Amex 4-6-5', 'amex 3782 822463 10005', '3782 822463 10005'],
    ['Diners 4-6-4', 'diners 3056 930902 5904', '3056 930902 5904'],
    ['Discover dotted', 'discover 6011.1111.1111.1117', '6011.1111.1111.1117'],
    ['JCB', 'jcb 3530111333300000', '3530111333300000'],
    ['Visa 19', 'visa19 4000 0000 0000 0000 006', '4000 0000 0000 0000 006'],
  ])('CREDIT_CARD: %s', (_name, text, value) => {
    expect(found(text)).toEqual([['CREDIT_CARD', value]]);
  });

  it.each([
    ['grouped', 'IBAN: GB82 WEST 1234 5698 7654 32.', 'GB82 WEST 1234 5698 7654 32'],
    ['compact', 'iban DE89370400440532013000', 'DE89370400440532013000'],
    ['lower case', 'send to fr1420041010050500013m02606 today', 'fr1420041010050500013m02606'],
    ['in JSON', '{"iban":"NL91ABNA0417164300"}', 'NL91ABNA0417164300'],
  ])('IBAN: %s', (_name, text, value) => {
    expect(found(text)).toEqual([['IBAN', value]]);
  });

  it.each([
    ['plain', 'write to ana@corp.es.', 'ana@corp.es'],
    ['sub-address', 'cc: james36+billing@gmail.com', 'james36+billing@gmail.com'],
    ['script change before', '邮箱wang@corp.cn', 'wang@corp.cn'],
    ['Hangul after the TLD', 'seoyeon_lee71@kakao.com이고', 'seoyeon_lee71@kakao.com'],
    ['IDN', '이메일: 김민준@회사.한국', '김민준@회사.한국'],
    ['Latin accents', 'josé.garcía@correo.es', 'josé.garcía@correo.es'],
    ['mailto', '[mail](mailto:noah@northwind.com)', 'noah@northwind.com'],
  ])('EMAIL_ADDRESS: %s', (_name, text, value) => {
    expect(found(text)).toEqual([['EMAIL_ADDRESS', value]]);
  });

  it.each([
    ['E.164 compact', 'mi móvil +34679540732', '+34679540732'],
    ['+1 with spaces', 'phone +1 303 884 4298, thanks', '+1 303 884 4298'],
    ['+1 with parentheses', 'call +1 (312) 953-3356', '+1 (312) 953-3356'],
    ['UK trunk (0)', 'ring +44 (0)20 7946 0958', '+44 (0)20 7946 0958'],
    ['US parentheses', 'reach me at (415) 555-0132', '(415) 555-0132'],
    ['US dotted', 'cell 415.788.9412', '415.788.9412'],
    ['UK national', 'or call 07700 900620.', '07700 900620'],
    ['Japan', '電話番号は 03-2867-9056 です', '03-2867-9056'],
    ['Korea mobile', '휴대폰 번호는 010-1290-1257', '010-1290-1257'],
    ['Spain 2-3-2-2', 'teléfono 91 913 92 28', '91 913 92 28'],
    ['France 5x2', 'appelez le 06 12 34 56 78', '06 12 34 56 78'],
    ['China mobile near keyword', '手机号13800138000', '13800138000'],
    ['bare run under a phone key', '{"phone":"4155550132"}', '4155550132'],
  ])('PHONE_NUMBER: %s', (_name, text, value) => {
    expect(found(text)).toEqual([['PHONE_NUMBER', value]]);
  });

  it.each([
    ['dashed', 'SSN: 247-46-9894', '247-46-9894'],
    ['spaced', 'my social security number is 334 47 0768 ok', '334 47 0768'],
    ['bare with keyword', 'ssn 247469894', '247469894'],
  ])('US_SSN: %s', (_name, text, value) => {
    expect(found(text)).toEqual([['US_SSN', value]]);
  });

  it.each([
    ['IPv4', 'The server at 192.168.75.207 is down', '192.168.75.207'],
    ['IPv4 with port', 'client=10.0.0.1:8443', '10.0.0.1'],
    ['IPv6 compressed', 'the IPv6 one (2001:db8:43:981::793)', '2001:db8:43:981::793'],
    ['IPv6 full', 'addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['IPv4-mapped', 'from ::ffff:192.0.2.128 at noon', '::ffff:192.0.2.128'],
  ])('IP_ADDRESS: %s', (_name, text, value) => {
    expect(found(text)).toEqual([['IP_ADDRESS', value]]);
  });

  it('finds every secret type by its issuer shape', () => {
    const gh = githubToken('ghp', 'J92yAbk5Bgp3nhG5PNSjpzW0JIVrP8');
    const cases: Array<[string, string]> = [
      ['AWS_ACCESS_KEY_ID', 'AKIASXQ6G2GKQZGXC43Z'],
      ['GITHUB_TOKEN', gh],
      ['GITHUB_TOKEN', `github_pat_${'bNTkqL2DtiytfpsmDkcnzJ'}_${'s29n1mRaqsUScJtYVPZEXHYiuOl2uteXITxTiCbOdFLXLkZcRL0gQrepe2w'}`],
      ['GITLAB_TOKEN', 'glpat-x3Kd9fQ2mZ7pLw1vB8nR'],
      ['SLACK_TOKEN', 'xoxb-2048193758-4096381726-Zq8vLx2mKp9TnR4wYs7uBc1d'],
      ['SLACK_WEBHOOK_URL', 'https://hooks.slack.com/services/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'],
      ['STRIPE_API_KEY', 'sk_live_gzlHiuoeWFldQQXhL3GC2Gf2'],
      ['OPENAI_API_KEY', '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'],
      ['OPENAI_API_KEY', 'sk-proj-Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dT3BlbkFJe9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7z'],
      ['ANTHROPIC_API_KEY', `sk-ant-api03-${'VpDxg2md5BKBjXsQnse3wvQ2Od2HKn4-WEx5p26HxahPTp4qa6egTCkUozTtomKY9aBatiN-r9fDI4YdZRjEBdqjky79W'}AA`],
      ['GOOGLE_API_KEY', 'AIzaSyD3xK9mP2qR7vL5nB8wT1yC4zF6hJ0gE2a'],
      ['HUGGINGFACE_TOKEN', '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'],
      ['SENDGRID_API_KEY', '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'],
      ['NPM_TOKEN', 'npm_a8Kd92LmQx7Vb3Np5Rt1Wz6Yc4Hj0Fg2Ek9S'],
      ['JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3MjIyODciLCJuYW1lIjoidXNlciJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
    ];
    for (const [type, value] of cases) expect(found(`token = "${value}" end`), type).toEqual([[type, value]]);
  });

  it('finds keyword-bound secrets only near their keyword', () => {
    const aws = 'zSxTayIqqc5NvC8u6aYBowIhzkHRaAchrTY06XtS';
    expect(found(`aws_secret_access_key = ${aws}`)).toEqual([['AWS_SECRET_ACCESS_KEY', aws]]);
    expect(found(`{"SecretAccessKey":"${aws}"}`)).toEqual([['AWS_SECRET_ACCESS_KEY', aws]]);
    expect(found(`blob ${aws} here`)).toEqual([]);
    const dd = '175a0659cea4cf49cb285f083154db59';
    expect(found(`started; DD_API_KEY=${dd}`)).toEqual([['DATADOG_API_KEY', dd]]);
    expect(found(`md5 ${dd}`)).toEqual([]);
  });

  it('reports a JWT after Bearer as one JWT, and other bearer credentials as BEARER_TOKEN', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzNjEyODYifQ.c2lnbmF0dXJlLXBhcnQ';
    expect(found(`{"Authorization":"Bearer ${jwt}"}`)).toEqual([['JWT', jwt]]);
    expect(found('curl -H "Authorization: Bearer 9PVeEGo1c2dmTimhYq7aQxXpXLanyifbBTLXpIlj" https://x')).toEqual([
      ['BEARER_TOKEN', '9PVeEGo1c2dmTimhYq7aQxXpXLanyifbBTLXpIlj'],
    ]);
  });

  it('redacts a PEM private key block whole, with real or JSON-escaped newlines, and an unterminated one up to its body end', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7s9Q\nk2Jd8s==\n-----END RSA PRIVATE KEY-----';
    expect(found(`key:\n${pem}\nbye`)).toEqual([['PRIVATE_KEY', pem]]);
    const escaped = pem.replace(/\n/g, '\\n');
    expect(found(`{"key":"${escaped}"}`)).toEqual([['PRIVATE_KEY', escaped]]);
    const cut = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACB';
    expect(found(cut)).toEqual([['PRIVATE_KEY', cut]]);
  });
});

describe('built-in rules: hard negatives they reject', () => {
  it.each([
    ['Luhn-failing order number', 'El pedido 5016869964218938 costó'],
    ['13-digit ms timestamp', 'ts=1785734537550'],
    ['10-digit unix timestamp', '"created_at":1773119230'],
    ['UUID', 'request 095d82b5-15a3-4161-9032-481427aea5f9'],
    ['git SHA', 'commit 18d851906843cd61fd13317e01799c6587b047c8'],
    ['sha256', 'hash e4c39d1801d89ea342315f5fa8d0ea3f7d7b6d396fa4e6867b59d310c5a0b429'],
    ['ISO timestamp', 'at 2025-07-06T14:27:38.408Z'],
    ['ISO date', 'placed on 2025-08-13'],
    ['European date', 'cita: 17/03/2026 o 12.05.2026'],
    ['semver', 'before v11.18.18 and 1.2.3-beta.4'],
    ['Windows build', 'バージョン: 10.0.19443.382'],
    ['browser version', 'Chrome/120.0.0.0 Safari/537.36'],
    ['version keyword', 'version 10.2.3.4 released'],
    ['octet over 255', 'addr 256.10.1.1'],
    ['OID', 'oid 1.3.6.1.4.1.311'],
    ['ISBN-13', '(ISBN 978-60-9863-731-1)'],
    ['ISBN-10', 'ISBN 0-306-40615-2'],
    ['price', 'costó 9.587,54 € y ₩6,859,000 o 1 234 567,89 €'],
    ['USPS tracking', 'seguimiento 9400 5772 3387 0471 0555 67'],
    ['UPS tracking', 'tracking 1ZWUI1FN8298708255'],
    ['bare 10-digit id', 'Ref: 6632530859'],
    ['AWS account id', 'arn:aws:sts::150526009442:assumed-role/x'],
    ['bad IBAN check', 'IBAN GB00 WEST 1234 5698 7654 32'],
    ['Stripe object ids and publishable key', 'cus_NffrFeUfNV2Hib pi_3MtwBwLkdIwHu7ix28a3tqPa pk_live_51HqLyjWDarjtT1zdp7dc'],
    ['placeholders', 'AKIAIOSFODNN7EXAMPLE AKIAXXXXXXXXXXXXXXXX sk_live_xxxxxxxxxxxxxxxxxxxxxxxx sk-your-key-here ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'],
    ['certificate', '-----BEGIN CERTIFICATE-----\nMIIDLt8zM6JuWSdzbz\n-----END CERTIFICATE-----'],
    ['public key', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0B\n-----END PUBLIC KEY-----'],
    ['retina asset', 'url("logo@2x.png") and icon@1.5x.webp'],
    ['package@version', 'npm i react@18.2.0 @types/node@20.1.0'],
    ['hex color', 'color: #dadcec'],
    ['time', 'at 14:27:38'],
    ['MAC-like', 'mac 00:1A:2B:3C:4D:5E'],
    ['scopes and slices', 'std::vector x[1::2]'],
    ['thousands', 'population 123 456 789'],
    ['GitHub token with a bad checksum', 'ghp_J92yAbk5Bgp3nhG5PNSjpzW0JIVrP8aaaaaa'],
  ])('%s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('idempotence and overlaps', () => {
  it('placeholders, partial masks and hash tokens never match a rule', () => {
    expect(types('[REDACTED:EMAIL_ADDRESS] [REDACTED:CREDIT_CARD] **** **** **** 6467 [HASH:IP_ADDRESS:3f9a1c0e5b7d2a41] [REDACTED:UNSCANNED]')).toEqual([]);
  });

  it('a URL with credentials is not an email; the token in it is a token', () => {
    const gh = githubToken('ghs', 'J92yAbk5Bgp3nhG5PNSjpzW0JIVrP8');
    expect(found(`git remote set-url origin https://x-access-token:${gh}@github.com/acme/infra.git`)).toEqual([['GITHUB_TOKEN', gh]]);
  });

  it('offsets are UTF-16 indices', () => {
    const text = '😀😀 ana@corp.es';
    const [m] = scanSensitiveData(text);
    expect(text.slice(m!.start, m!.end)).toBe('ana@corp.es');
    expect(m).toMatchObject({ start: 5, end: 16, entityType: 'EMAIL_ADDRESS', category: 'email', action: 'redact' });
  });
});
