"""The checks on an application: the rules, data-quality notices, safe HTML, personal data, and the validation pass that runs them all."""
