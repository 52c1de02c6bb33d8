// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { moduleDirection } from './lint/module-direction.mjs';

const FRAMEWORKS = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'bullmq',
  'ioredis',
  '@azure/*',
  '@microsoft/*',
  'express',
  'pg',
  'better-sqlite3',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-tools/**',
      'data/**',
      'node_modules/**',
      'coverage/**',
      'web/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { architecture: moduleDirection },
    rules: { 'architecture/module-direction': 'error' },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The matching engine and the CSV parser are pure: plain TypeScript over plain data.
    files: ['src/matching/engine/**/*.ts', 'src/mapping/csv/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FRAMEWORKS,
              message: 'The matching engine and the CSV parser stay free of framework imports.',
            },
          ],
        },
      ],
    },
  },
);
