import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor wait for a state, not for a time: the bound only decides when a missing state is a failure, and
// is generous so that a loaded CI machine does not fail a correct console.
configure({ asyncUtilTimeout: 15000 });

afterEach(() => cleanup());
