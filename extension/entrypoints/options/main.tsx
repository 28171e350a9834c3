import { render } from 'preact';
import '../../ui/styles/dsfr';
import { optionsEnvironment } from '../../lib/options-environment';
import { OptionsApp } from '../../ui/OptionsApp';

const root = document.getElementById('app');
if (root) render(<OptionsApp env={optionsEnvironment} />, root);
