// Lint: typescript-eslint's recommended rules plus Kindred's own habits (STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'runtime/msgs/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-throw-literal': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Only safety/ may produce GatedCommands: a cast elsewhere would bypass the SafetyGate.
    files: ['**/*.ts'],
    ignores: ['safety/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "TSAsExpression[typeAnnotation.typeName.name='GatedCommands'], TSTypeAssertion[typeAnnotation.typeName.name='GatedCommands']",
          message: 'Only safety/ may create GatedCommands; every actuator command passes the SafetyGate.',
        },
        { selector: "ImportSpecifier[imported.name='brandGated']", message: 'brandGated is the SafetyGate’s own; nothing else may brand commands.' },
      ],
    },
  },
  {
    // Process entry points, benchmarks, scripts and tests may print.
    files: ['runtime/cli/**', 'bench/**', 'tests/**', '**/*.test.ts', 'runtime/msgs/generate.ts', '**/scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser code served as is (the viewer, the tablet UI): ES modules with the browser's globals.
    files: ['**/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window', 'document', 'navigator', 'location', 'console', 'performance', 'requestAnimationFrame', 'cancelAnimationFrame',
          'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'URL', 'URLSearchParams', 'WebSocket', 'HTMLElement',
          'HTMLCanvasElement', 'HTMLInputElement', 'HTMLSelectElement', 'HTMLButtonElement', 'Event', 'CustomEvent', 'KeyboardEvent',
          'ResizeObserver', 'localStorage', 'devicePixelRatio', 'getComputedStyle', 'io', 'structuredClone',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
);
