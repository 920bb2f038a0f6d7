import QRCode from 'qrcode'

const LABEL = 'QR code for adding Harbour to your authenticator app'

/**
 * The `otpauth://` address as an inline SVG (CSP allows it: no script, no inline style), named for
 * screen readers. The only markup a page outputs unescaped, and it is generated here, not typed in.
 */
export async function qrCodeSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, width: 200, errorCorrectionLevel: 'M' })
  return svg.replace('<svg ', `<svg role="img" aria-label="${LABEL}" focusable="false" `)
}
