// Types for the matchers that Testing.setupJest() adds (toHaveResourceWithProperties and friends).
import 'cdktf/lib/testing/adapters/jest.js';
