/*
 * The parts of the DSFR (@gouvfr/dsfr 1.14.4) the extension uses, not the whole dsfr.css (716 KB):
 * core (reset, typography, colours, focus), the FranceConnect button, buttons, alerts, links,
 * form fields, checkboxes (sources choice, fill preview) and badges (« Mes données », agent mode).
 * Imported one by one from here so that the build trims each (extension/build/trim-dsfr-css.ts).
 */
import '@gouvfr/dsfr/dist/core/core.min.css';
import '@gouvfr/dsfr/dist/component/connect/connect.min.css';
import '@gouvfr/dsfr/dist/component/button/button.min.css';
import '@gouvfr/dsfr/dist/component/alert/alert.min.css';
import '@gouvfr/dsfr/dist/component/link/link.min.css';
import '@gouvfr/dsfr/dist/component/form/form.min.css';
import '@gouvfr/dsfr/dist/component/input/input.min.css';
import '@gouvfr/dsfr/dist/component/checkbox/checkbox.min.css';
import '@gouvfr/dsfr/dist/component/badge/badge.min.css';
import './fonts.css';
import './pivot.css';
