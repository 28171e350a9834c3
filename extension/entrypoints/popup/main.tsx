import { render } from 'preact';
import '../../ui/styles/dsfr';
import { fillClient } from '../../lib/fill-client';
import { loadPlacesSafely } from '../../lib/places-loader';
import { popupClient } from '../../lib/popup-client';
import { PopupApp } from '../../ui/PopupApp';

const root = document.getElementById('app');
if (root) render(<PopupApp client={popupClient} loadPlaces={loadPlacesSafely} fill={fillClient} />, root);
