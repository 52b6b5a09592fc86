"""The Share area: encrypted bundles for a therapist, the share log, receiving."""
