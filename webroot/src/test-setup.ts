import { configure } from '@testing-library/react';

// findBy*/waitFor wait up to 10 s: PatternFly in jsdom is slow on a busy machine, never wrong.
configure({ asyncUtilTimeout: 10000 });
